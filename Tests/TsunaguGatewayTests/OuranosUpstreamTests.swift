import AsyncHTTPClient
import Foundation
import Logging
import Testing
import TsunaguCore
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
            let partner = try Self.supplier(at: baseURL)
            let query = ProductQuery(productIDs: ["urn:tsunagu:test:part-7"])
            func upstream(_ store: SQLiteStore) -> OuranosUpstream { Self.upstream(store: store, pollInterval: 0.05) }
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

    /// An attempt that ends while the supplier's system is still answering the trade request it
    /// took (the attempt's deadline, a shutdown) leaves that trade recorded: the next attempt
    /// polls it instead of opening a second one.
    @Test func anAttemptCancelledWhileTheTradeIsOpenedLeavesItRecorded() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-ouranos-cancel-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder + "/tsunagu.sqlite")
        let partnerSystem = FakeOuranosPartner()
        partnerSystem.tradeDelay.withLock { $0 = .milliseconds(800) }
        try await partnerSystem.serve { baseURL in
            let partner = try Self.supplier(at: baseURL)
            let upstream = Self.upstream(store: store, pollInterval: 0.05)
            let query = ProductQuery(productIDs: ["urn:tsunagu:test:part-c"])
            let attempt = Task { await upstream.fetch(query, from: partner, relayRequestID: "relay-c", attempt: 1, deadline: Date().addingTimeInterval(30)) }
            let end = Date().addingTimeInterval(10)
            while partnerSystem.created.withLock({ $0.isEmpty }), Date() < end {
                try await Task.sleep(for: .milliseconds(10))
            }
            attempt.cancel()
            let cut = await attempt.value
            guard case .failure(let failure) = cut else { Issue.record("the cancelled attempt ended in \(cut)"); return }
            #expect(failure.isTransient)
            #expect(try await store.openedOuranosTrade(relayRequestID: "relay-c", partner: "supplier") != nil, "recorded although the attempt was cancelled")

            partnerSystem.tradeDelay.withLock { $0 = .zero }
            partnerSystem.answered.withLock { $0 = true }
            let retry = await upstream.fetch(query, from: partner, relayRequestID: "relay-c", attempt: 2, deadline: Date().addingTimeInterval(30))
            guard case .document = retry else { Issue.record("the retry ended in \(retry)"); return }
            #expect(partnerSystem.created.withLock { $0.count } == 1, "one trade request")
        }
    }

    /// Takes the answers the upstream hands over after its fetch returned, as the relay worker does.
    actor RecordingSink: LaterAnswerSink {
        var delivered: [(request: String, partner: String, document: RelayDocument)] = []
        var failed: [(request: String, partner: String, failure: UpstreamFailure)] = []
        /// Whether the relay request still waits for the supplier.
        var waits = true

        func stopWaiting() { waits = false }

        func upstreamDelivered(relayRequestID: String, partner: String, document: RelayDocument) async -> EventOutcome {
            delivered.append((relayRequestID, partner, document))
            return .applied
        }

        func upstreamFailed(relayRequestID: String, partner: String, failure: UpstreamFailure) async -> EventOutcome {
            failed.append((relayRequestID, partner, failure))
            return .applied
        }

        func awaitsUpstream(relayRequestID: String, partner: String) async -> Bool { waits }

        /// Waits up to `seconds` until something was handed over.
        func handedOver(within seconds: TimeInterval) async throws -> Bool {
            let end = Date().addingTimeInterval(seconds)
            while delivered.isEmpty, failed.isEmpty, Date() < end {
                try await Task.sleep(for: .milliseconds(20))
            }
            return !delivered.isEmpty || !failed.isEmpty
        }
    }

    /// An Ouranos supplier answers a trade request when a person releases the CFP, often after
    /// every attempt of the relay has ended: the trade is watched, not given up, and the answer
    /// (at a real partner on loopback, over a real SQLite store) reaches the relay worker.
    @Test func aTradeAnsweredAfterTheAttemptReachesTheRelay() async throws {
        let partnerSystem = FakeOuranosPartner()
        let (sink, store) = try await watchedTrade(at: partnerSystem) { partnerSystem.answered.withLock { $0 = true } }
        let delivered = await sink.delivered
        #expect(delivered.count == 1)
        #expect(delivered.first?.request == "relay-9")
        #expect(delivered.first?.document.model == ModelID("ouranos-cfp@3.0.0"))
        #expect(await sink.failed.isEmpty)
        #expect(partnerSystem.created.withLock { $0.count } == 1, "one trade request, looked at again")
        #expect(try await store.openedOuranosTrade(relayRequestID: "relay-9", partner: "supplier") == nil, "forgotten once answered")
    }

    /// A trade the supplier sends back after the attempt ended is a final refusal for the relay.
    @Test func aTradeSentBackAfterTheAttemptIsARefusalForTheRelay() async throws {
        let partnerSystem = FakeOuranosPartner()
        let (sink, store) = try await watchedTrade(at: partnerSystem) { partnerSystem.sentBack.withLock { $0 = "no footprint for this part" } }
        let failed = await sink.failed
        #expect(failed.count == 1)
        #expect(failed.first?.failure.kind == .notFound, "\(failed)")
        #expect(failed.first?.failure.message.contains("no footprint for this part") == true)
        #expect(await sink.delivered.isEmpty)
        #expect(try await store.openedOuranosTrade(relayRequestID: "relay-9", partner: "supplier") == nil)
    }

    /// A trade whose relay request no longer waits (it expired, or was answered otherwise) is
    /// neither handed over nor kept.
    @Test func aTradeNobodyWaitsForIsForgotten() async throws {
        let partnerSystem = FakeOuranosPartner()
        let sink = RecordingSink()
        let store = try await openTrade(at: partnerSystem, sink: sink) { upstream, store in
            await sink.stopWaiting()
            partnerSystem.answered.withLock { $0 = true }
            let end = Date().addingTimeInterval(10)
            while try await store.openedOuranosTrade(relayRequestID: "relay-9", partner: "supplier") != nil, Date() < end {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(try await store.openedOuranosTrade(relayRequestID: "relay-9", partner: "supplier") == nil, "forgotten")
        #expect(await sink.delivered.isEmpty, "not handed to a request that no longer waits")
    }

    /// Opens a trade at `partnerSystem` in an attempt that ends before the supplier answers, then
    /// lets the supplier `answer` and waits for the watcher to hand the outcome over.
    private func watchedTrade(
        at partnerSystem: FakeOuranosPartner, answer: @escaping @Sendable () -> Void
    ) async throws -> (RecordingSink, SQLiteStore) {
        let sink = RecordingSink()
        let store = try await openTrade(at: partnerSystem, sink: sink) { _, _ in
            try await Task.sleep(for: .milliseconds(300))
            let early = await (sink.delivered.count, sink.failed.count)
            #expect(early == (0, 0), "nothing handed over before the supplier answers")
            answer()
            #expect(try await sink.handedOver(within: 10), "the watcher hands the outcome over")
        }
        return (sink, store)
    }

    /// Opens a trade at `partnerSystem` in an attempt that ends before the supplier answers (its
    /// answers go to `sink`), checks that it is handed over and kept, and runs `then`.
    private func openTrade(
        at partnerSystem: FakeOuranosPartner, sink: RecordingSink, then: @escaping @Sendable (OuranosUpstream, SQLiteStore) async throws -> Void
    ) async throws -> SQLiteStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-ouranos-watch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder + "/tsunagu.sqlite")
        try await partnerSystem.serve { baseURL in
            let partner = try Self.supplier(at: baseURL)
            let upstream = Self.upstream(store: store, pollInterval: 0.1)
            await upstream.handAnswers(to: sink)
            let outcome = await upstream.fetch(
                ProductQuery(productIDs: ["urn:tsunagu:test:part-9"]), from: partner, relayRequestID: "relay-9", attempt: 1, deadline: Date().addingTimeInterval(2.5))
            #expect(outcome == .awaitingDelivery, "the attempt hands the open trade over")
            #expect(try await store.openedOuranosTrade(relayRequestID: "relay-9", partner: "supplier") != nil, "kept while watched")
            try await then(upstream, store)
            await upstream.stopWatching()
        }
        return store
    }

    /// The supplier `FakeOuranosPartner` plays, registered as a partner at `baseURL`.
    static func supplier(at baseURL: String) throws -> Partner {
        try Partner(
            name: "supplier", tenant: "acme", ecosystem: .ouranos, baseURL: baseURL, corporateNumber: FakeOuranosPartner.supplier.corporateNumber.digits,
            model: "ouranos-cfp@3.0.0", outbound: OutboundCredentials(clientID: FakeOuranosPartner.account, secretVariable: "PARTNER_PASSWORD", apiKeyVariable: "PARTNER_KEY")
        )
    }

    /// A fetcher over `store` with the partner's credentials, looking every `pollInterval` seconds.
    static func upstream(store: SQLiteStore, pollInterval: Double) -> OuranosUpstream {
        var settings = OuranosSettings()
        settings.pollIntervalSeconds = pollInterval
        var logger = Logger(label: "ouranos-upstream-test")
        logger.logLevel = .critical
        return OuranosUpstream(
            httpClient: .shared, environment: ["PARTNER_PASSWORD": FakeOuranosPartner.password, "PARTNER_KEY": FakeOuranosPartner.apiKey],
            settings: settings, store: store, logger: logger
        )
    }
}
