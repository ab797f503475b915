import AsyncHTTPClient
import Foundation
import Logging
import Testing
import TsunaguEcosystems
import TsunaguRelay
import TsunaguStore
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

    /// A supplier in Japan reads the due date in its own time: a request made after 15:00 UTC
    /// is due on the next day there, not on a day that has already ended.
    @Test func theDueDateIsTheDeadlinesDayInJapan() {
        #expect(OuranosUpstream.day(Date(timeIntervalSince1970: 1_798_729_199)) == "2026-12-31", "2026-12-31T14:59:59Z")
        #expect(OuranosUpstream.day(Date(timeIntervalSince1970: 1_798_729_200)) == "2027-01-01", "2026-12-31T15:00:00Z")
        #expect(OuranosUpstream.day(Date(timeIntervalSince1970: 1_798_761_599)) == "2027-01-01", "2026-12-31T23:59:59Z")
    }

    /// A gateway restarted while a relay request is retried polls the trade request its first
    /// attempt opened, at a real partner on loopback, instead of opening a second one.
    @Test func aRetryAfterARestartPollsTheTradeOpenedBeforeIt() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-ouranos-upstream-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let partnerSystem = FakeOuranosPartner()
        try await partnerSystem.serve { baseURL in
            let partner = try Partner(
                name: "supplier", tenant: "acme", ecosystem: .ouranos, baseURL: baseURL, corporateNumber: FakeOuranosPartner.supplier.corporateNumber.digits,
                model: "ouranos-cfp@3.0.0", outbound: OutboundCredentials(clientID: FakeOuranosPartner.account, secretVariable: "PARTNER_PASSWORD", apiKeyVariable: "PARTNER_KEY")
            )
            let query = ProductQuery(productIDs: ["urn:tsunagu:test:part-7"])
            func upstream(_ store: SQLiteStore) -> OuranosUpstream {
                var settings = OuranosSettings()
                settings.pollIntervalSeconds = 0.05
                var logger = Logger(label: "ouranos-upstream-test")
                logger.logLevel = .critical
                return OuranosUpstream(
                    httpClient: .shared, environment: ["PARTNER_PASSWORD": FakeOuranosPartner.password, "PARTNER_KEY": FakeOuranosPartner.apiKey],
                    settings: settings, store: store, logger: logger
                )
            }
            let first = try SQLiteStore(path: folder + "/tsunagu.sqlite")
            let notYet = await upstream(first).fetch(query, from: partner, relayRequestID: "relay-1", attempt: 1, deadline: Date().addingTimeInterval(0.5))
            guard case .failure(let failure) = notYet else { Issue.record("the first attempt ended in \(notYet)"); return }
            #expect(failure.isTransient)
            #expect(partnerSystem.created.withLock { $0.count } == 1)

            partnerSystem.answered.withLock { $0 = true }
            let restarted = try SQLiteStore(path: folder + "/tsunagu.sqlite")
            let answer = await upstream(restarted).fetch(query, from: partner, relayRequestID: "relay-1", attempt: 2, deadline: Date().addingTimeInterval(30))
            guard case .document = answer else { Issue.record("the retry ended in \(answer)"); return }
            #expect(partnerSystem.created.withLock { $0.count } == 1)
            #expect(try await restarted.openedOuranosTrade(relayRequestID: "relay-1", partner: "supplier") == nil)
        }
    }
}
