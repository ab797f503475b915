import Foundation
import Testing
import TsunaguEcosystems
import TsunaguRelay
@testable import TsunaguGateway

/// How Catena-X client errors become upstream failures, and how partner credentials become headers.
@Suite struct CatenaXUpstreamTests {
    @Test(arguments: [
        (CatenaXClientError.timedOut(after: 1), UpstreamFailure.Kind.unreachable),
        (.unreachable("refused"), .unreachable),
        (.refused(status: 503, message: ""), .unavailable),
        (.refused(status: 429, message: ""), .unavailable),
        (.refused(status: 404, message: "no part"), .notFound),
        (.refused(status: 401, message: ""), .refused),
        (.refused(status: 403, message: ""), .refused),
        (.refused(status: 422, message: "version"), .invalidAnswer),
        (.responseTooLarge(limit: 10), .invalidAnswer),
    ])
    func clientErrorsMapToTheRelaysFailureKinds(error: CatenaXClientError, kind: UpstreamFailure.Kind) {
        let failure = CatenaXUpstream.failure(error, partner: "cx-supplier")
        #expect(failure.kind == kind)
        #expect(failure.message.contains("cx-supplier"))
    }

    @Test func credentialsBecomeHeadersReadFromTheEnvironment() throws {
        let partner = try Partner(
            name: "cx-supplier", tenant: "acme", ecosystem: .catenax, baseURL: "https://cx.example/api", bpn: "BPNL00000003AYRE",
            model: "catenax-pcf@9.0.0", outbound: OutboundCredentials(clientID: "X-Data-Plane-Key", secretVariable: "CX_KEY", apiKeyVariable: "CX_EDR")
        )
        guard case .success(let endpoint) = partner.catenaXEndpoint(environment: ["CX_KEY": "k-123", "CX_EDR": "edr-token"]) else {
            Issue.record("no endpoint")
            return
        }
        #expect(endpoint.baseURL == "https://cx.example/api")
        #expect(endpoint.headers == ["X-Data-Plane-Key": "k-123", "Authorization": "edr-token"])
        guard case .failure(let failure) = partner.catenaXEndpoint(environment: ["CX_EDR": "edr-token"]) else {
            Issue.record("an unset variable must be refused")
            return
        }
        #expect(failure.kind == .notConfigured, "the gateway's own settings, not the partner's refusal")
        #expect(failure.message.contains("CX_KEY"))
        #expect(!failure.message.contains("edr-token"))
    }
}
