import Foundation
import Testing
import TsunaguEcosystems
import TsunaguRelay
@testable import TsunaguGateway

/// How an Ouranos supplier's answers and failures become relay outcomes.
@Suite struct OuranosUpstreamTests {
    @Test func timeoutsAndServerTroubleAreTransientTheRestIsNot() {
        #expect(OuranosUpstream.failure(.timedOut(after: 10), partner: "p").kind == .unreachable)
        #expect(OuranosUpstream.failure(.unreachable("refused"), partner: "p").kind == .unreachable)
        #expect(OuranosUpstream.failure(.refused(status: 503, code: "[dataspace] ServiceUnavailable", message: ""), partner: "p").kind == .unavailable)
        #expect(OuranosUpstream.failure(.refused(status: 429, code: "", message: ""), partner: "p").kind == .unavailable)
        #expect(OuranosUpstream.failure(.refused(status: 401, code: "[auth] Unauthorized", message: "Invalid credentials"), partner: "p").kind == .refused)
        #expect(OuranosUpstream.failure(.refused(status: 403, code: "[auth] AccessDenied", message: "Invalid key"), partner: "p").kind == .refused)
        #expect(OuranosUpstream.failure(.refused(status: 404, code: "[auth] NotFound", message: "no operator"), partner: "p").kind == .notFound)
        #expect(OuranosUpstream.failure(.invalidResponse("not JSON"), partner: "p").kind == .invalidAnswer)
        #expect(OuranosUpstream.failure(.refused(status: 400, code: "", message: "bad"), partner: "p").message.contains("partner 'p'"))
    }

    @Test func aSentBackRequestSaysWhetherTheSupplierHasNoSuchCFP() {
        #expect(OuranosUpstream.looksNotFound("tenant store has no footprint for the product: no active footprint for product x"))
        #expect(OuranosUpstream.looksNotFound("no routing rule says where the footprint of product x comes from"))
        #expect(!OuranosUpstream.looksNotFound("the data owner's usage policy does not allow action 'distribute'"))
        #expect(!OuranosUpstream.looksNotFound("部品の回答はできません"))
    }

    @Test func theDueDateIsTheDeadlinesDayInUTC() {
        #expect(OuranosUpstream.day(Date(timeIntervalSince1970: 1_798_761_599)) == "2026-12-31")
        #expect(OuranosUpstream.day(Date(timeIntervalSince1970: 1_798_761_600)) == "2027-01-01")
    }
}
