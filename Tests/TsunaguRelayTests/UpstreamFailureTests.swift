import Testing
@testable import TsunaguRelay

@Suite struct UpstreamFailureTests {
    @Test func onlyUnreachableAndUnavailableAreRetried() {
        #expect(UpstreamFailure(.unreachable, "").isTransient)
        #expect(UpstreamFailure(.unavailable, "").isTransient)
        #expect(!UpstreamFailure(.invalidAnswer, "").isTransient)
        #expect(!UpstreamFailure(.notFound, "").isTransient)
        #expect(!UpstreamFailure(.refused, "").isTransient)
        #expect(UpstreamFailure(.refused, "HTTP 403").description == "refused: HTTP 403")
    }
}
