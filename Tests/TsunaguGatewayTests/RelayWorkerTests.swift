import Foundation
import Logging
import Synchronization
import Testing
import TsunaguCore
import TsunaguEcosystems
@testable import TsunaguGateway
import TsunaguRelay
@testable import TsunaguStore

/// The relay worker over a real SQLite store and the repository's rules, with upstream
/// fetchers that the test controls.
@Suite(.serialized) struct RelayWorkerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fetcher whose partner answers later (as a Catena-X partner does), counting its calls.
    final class LaterFetcher: UpstreamFetcher {
        let calls = Mutex(0)
        var answersLater: Bool { true }

        func fetch(_ query: ProductQuery, from partner: Partner, relayRequestID: String, attempt: Int, deadline: Date) async -> UpstreamFetchOutcome {
            calls.withLock { $0 += 1 }
            return .awaitingDelivery
        }
    }

    /// A fetcher of partners that answer later whose partner accepts the first request, then is down.
    final class AcceptsThenDownFetcher: UpstreamFetcher {
        let calls = Mutex(0)
        var answersLater: Bool { true }

        func fetch(_ query: ProductQuery, from partner: Partner, relayRequestID: String, attempt: Int, deadline: Date) async -> UpstreamFetchOutcome {
            let call = calls.withLock { count in
                count += 1
                return count
            }
            return call == 1 ? .awaitingDelivery : .failure(UpstreamFailure(.unreachable, "connection refused"))
        }
    }

    /// A fetcher of partners that answer later whose partner is down: it never accepts a request.
    final class DownLaterFetcher: UpstreamFetcher {
        var answersLater: Bool { true }

        func fetch(_ query: ProductQuery, from partner: Partner, relayRequestID: String, attempt: Int, deadline: Date) async -> UpstreamFetchOutcome {
            .failure(UpstreamFailure(.unreachable, "connection refused"))
        }
    }

    /// A fetcher whose partner answers in the call's response (as a PACT host does), counting its calls.
    final class InlineFetcher: UpstreamFetcher {
        let calls = Mutex(0)
        let document: RelayDocument
        /// How long the partner takes to answer.
        let delay: Duration

        init(document: RelayDocument, delay: Duration = .zero) {
            self.document = document
            self.delay = delay
        }

        func fetch(_ query: ProductQuery, from partner: Partner, relayRequestID: String, attempt: Int, deadline: Date) async -> UpstreamFetchOutcome {
            calls.withLock { $0 += 1 }
            if delay > .zero {
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    // As an HTTP call ends when its task is cancelled.
                    return .failure(UpstreamFailure(.unreachable, "the call was cancelled"))
                }
            }
            return .document(document)
        }
    }

    /// Records the answers the worker enqueues, as a requester's channel.
    struct RecordingChannel: RelayAnswerChannel {
        func messages(for answer: RelayAnswer, tenant: String) -> [NewOutboxMessage] {
            let body: String
            switch answer.content {
            case .footprint(let document): body = document.json.jsonText
            case .rejection(let rejection): body = "\(rejection)"
            }
            return [NewOutboxMessage(tenant: tenant, clientID: answer.requester.identity, kind: "test.answer", body: body)]
        }
    }

    struct Harness {
        let store: SQLiteStore
        let worker: RelayWorker
        let fetcher: LaterFetcher
        let demoFootprint: JSONValue
        let audit: AuditTrail
        /// The SQLite file of `store`.
        let path: String
    }

    /// The answers handed to the direct delivery: attempted (always taken), then settled.
    final class DirectDeliveries: RelayAnswerDelivery {
        let attempted = Mutex<[NewOutboxMessage]>([])
        let messages = Mutex<[OutboxMessage]>([])

        func prepare(_ messages: [NewOutboxMessage]) async -> PreparedAnswers {
            PreparedAnswers { [self] in
                self.attempted.withLock { $0 += messages }
                return messages.map { _ in nil }
            }
        }

        func settle(_ messages: [OutboxMessage], failures: [DeliveryFailure?]) async {
            self.messages.withLock { $0 += messages }
        }
    }

    func harness(
        attemptTimeout: TimeInterval = 5, direct: DirectDeliveries? = nil, inline: InlineFetcher? = nil, maximumInFlight: Int = 10_000, maximumPerRequester: Int = 1_000,
        laterAnswerDeadline: TimeInterval? = nil, other: (any UpstreamFetcher)? = nil, restarting earlier: Harness? = nil
    ) async throws -> Harness {
        let folder = earlier.map { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-worker-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let policies = try PermissivePolicies.write(in: folder)
        let store = try SQLiteStore(path: folder + "/tsunagu.sqlite")
        if earlier == nil { try await Self.addTenantAndPartners(to: store) }
        let rules = try GatewayRules.load(mappings: Self.root.appendingPathComponent("Mappings").path, policies: policies)
        var logger = Logger(label: "relay-worker-test")
        logger.logLevel = .critical
        let fetcher = LaterFetcher()
        let audit = AuditTrail(store: store, logger: logger)
        var dependencies = RelayWorker.Dependencies(
            store: store, rules: rules, routing: RelayRouting(["acme": RoutingRules(rules: [], fallback: .partner("cx"))]),
            fetchers: [.catenax: other ?? inline ?? fetcher], channels: [.catenaX: RecordingChannel()], audit: audit,
            delivery: direct
        )
        dependencies.laterAnswerDeadline = laterAnswerDeadline
        let worker = RelayWorker(
            dependencies,
            maximumInFlight: maximumInFlight, maximumPerRequester: maximumPerRequester, logger: logger
        )
        let demo = try JSONParser().parse(try Data(contentsOf: Self.root.appendingPathComponent("Demo/footprints/01-steel-coil-jp.json")))
        return Harness(store: store, worker: worker, fetcher: fetcher, demoFootprint: demo, audit: audit, path: folder + "/tsunagu.sqlite")
    }

    /// The tenant, the Catena-X partner `cx` the requests are routed to, and two requesters.
    static func addTenantAndPartners(to store: SQLiteStore) async throws {
        _ = try await store.addTenant(named: "acme", now: Date())
        let partner = try Partner(name: "cx", tenant: "acme", ecosystem: .catenax, baseURL: "https://cx.example", bpn: "BPNL00000003AYRE", model: "catenax-pcf@9.0.0")
        try await store.addPartner(partner.stored(created: Date()))
        try await store.addPartner(try Partner(name: "buyer", tenant: "acme", ecosystem: .catenax, baseURL: "https://buyer.example", bpn: "BPNL00000003CRHK", model: "catenax-pcf@9.0.0").stored(created: Date()))
        try await store.addPartner(try Partner(name: "buyer-2", tenant: "acme", ecosystem: .catenax, baseURL: "https://buyer-2.example", bpn: "BPNL000000000001", model: "catenax-pcf@9.0.0").stored(created: Date()))
    }

    func request(_ id: String, deadline: TimeInterval = 60, attemptTimeout: TimeInterval = 5, identity: String = "BPNL00000003CRHK") -> RelayRequest {
        RelayRequest(
            id: id, tenant: "acme",
            requester: RelayRequester(protocol: .catenaX, identity: identity, model: .pact3, replyAddress: .pactEvents(baseURL: "https://r.example", requestEventID: id)),
            query: ProductQuery(productIDs: ["urn:tsunagu:demo:product:steel-coil-hr-2mm"]), received: Date(), deadline: Date().addingTimeInterval(deadline),
            retryPolicy: RetryPolicy(maxAttempts: 2, attemptTimeout: attemptTimeout, initialBackoff: 0.05, jitter: 0)
        )
    }

    /// The partner's document: the demo footprint as PACT v3 (the worker is the same for every model).
    func partnerDocument(_ harness: Harness) -> RelayDocument {
        RelayDocument(json: harness.demoFootprint, model: .pact3)
    }

    /// Waits until the request waits for its partner (the steps before run on a busy machine too).
    func waitUntilFetching(_ id: String, _ worker: RelayWorker) async throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if case .fetching = await worker.request(id: id)?.state { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("request \(id) never started fetching")
    }

    /// Waits until the partner's acceptance of the first attempt is recorded: the worker then
    /// writes nothing more for the request until the partner answers.
    func waitUntilAccepted(_ id: String, _ worker: RelayWorker) async throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if await worker.request(id: id)?.acceptedAttempt == 1 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("request \(id) never recorded its partner's acceptance")
    }

    /// The request once it has ended, waiting at most 30 s (`nil` when it has not ended by then).
    func ended(_ id: String, _ worker: RelayWorker) async throws -> RelayRequest? {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let request = await worker.request(id: id), request.state.isTerminal { return request }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    @Test func aPartnersLaterDeliveryCompletesTheWaitingRequestAndOnlyThePartnerItWaitsFor() async throws {
        let harness = try await harness()
        // A deadline no busy machine reaches before the delivery (the suite may share two cores).
        try await harness.worker.submit(request("r-1", deadline: 600))
        try await waitUntilFetching("r-1", harness.worker)
        let document = partnerDocument(harness)
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-1", partner: "someone-else", document: document) == .notApplicable)
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-1", partner: "cx", document: document) == .applied)
        let finished = try #require(await harness.worker.finished(id: "r-1"))
        guard case .delivered(let delivered, _, _) = finished.state else {
            Issue.record("expected delivered, got \(finished.state)")
            return
        }
        #expect(delivered.model == .pact3)
        #expect(delivered.json["pcf"]?["pcfExcludingBiogenicUptake"] == harness.demoFootprint["pcf"]?["pcfExcludingBiogenicUptake"])
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-1", partner: "cx", document: document) == .notApplicable, "a finished request takes no second delivery")
        #expect(try await harness.store.pendingMessageCount() == 1)
    }

    @Test func aDeliveryTheStoreCannotRecordIsRefusedAsSuchAndTakenWhenSentAgain() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-locked", deadline: 120, attemptTimeout: 60))
        try await waitUntilFetching("r-locked", harness.worker)
        let document = partnerDocument(harness)
        // Another process holds the write lock past the store's busy timeout.
        let other = try SQLiteConnection(path: harness.path)
        try other.execute("BEGIN IMMEDIATE")
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-locked", partner: "cx", document: document) == .notRecorded)
        guard case .fetching? = await harness.worker.request(id: "r-locked")?.state else {
            Issue.record("the request no longer waits for its partner after the store failed")
            return
        }
        try other.execute("ROLLBACK")
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-locked", partner: "cx", document: document) == .applied)
        let finished = try #require(await harness.worker.finished(id: "r-locked"))
        guard case .delivered = finished.state else {
            Issue.record("expected delivered, got \(finished.state)")
            return
        }
        let stored = try #require(try await harness.store.relayRequest(id: "r-locked"))
        #expect(try RelayRequest(stored: stored).state.isTerminal)
    }

    @Test func aStepTheStoreCannotRecordIsTakenUpAgainFromTheLastRecordedStep() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-resumed", deadline: 120, attemptTimeout: 60))
        try await waitUntilFetching("r-resumed", harness.worker)
        let calls = harness.fetcher.calls.withLock { $0 }
        let other = try SQLiteConnection(path: harness.path)
        try other.execute("BEGIN IMMEDIATE")
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-resumed", partner: "cx", document: partnerDocument(harness)) == .notRecorded)
        try other.execute("ROLLBACK")
        // Without a second delivery, the request goes on by itself: it asks its partner again.
        let deadline = Date().addingTimeInterval(Double(RelayWorker.unrecordedRetryDelay) + 10)
        while harness.fetcher.calls.withLock({ $0 }) == calls, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(harness.fetcher.calls.withLock { $0 } == calls + 1)
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-resumed", partner: "cx", document: partnerDocument(harness)) == .applied)
    }

    /// A step the store refuses because it holds a later version of the request (a commit that
    /// went through although the store said it failed, or another process) is not retried at a
    /// version that can never match: the worker goes on from the stored step and takes the event.
    @Test func aRequestFurtherAlongInTheStoreGoesOnFromItsStoredStep() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-moved", deadline: 120, attemptTimeout: 60))
        try await waitUntilAccepted("r-moved", harness.worker)
        let before = try #require(try await harness.store.relayRequest(id: "r-moved"))
        let moved = try await harness.store.recordRelayTransition(before, from: before.state, detail: "written by another process")
        #expect(moved.version == before.version + 1)
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-moved", partner: "cx", document: partnerDocument(harness)) == .applied)
        let finished = try #require(try await ended("r-moved", harness.worker), "the request did not end")
        #expect(finished.state.name == "delivered")
        let stored = try #require(try await harness.store.relayRequest(id: "r-moved"))
        #expect(stored.isFinished && stored.version > moved.version)
    }

    /// A request the store holds finished (by a step recorded elsewhere) ends here when the worker's
    /// next step is refused for it, rather than retrying a write that can never match.
    @Test func aRequestFinishedInTheStoreEndsHere() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-done", deadline: 120, attemptTimeout: 60))
        try await waitUntilAccepted("r-done", harness.worker)
        let before = try #require(try await harness.store.relayRequest(id: "r-done"))
        var rejected = try RelayRequest(stored: before)
        var random = SystemRandomNumberGenerator()
        _ = try rejected.fetchFailed(UpstreamFailure(.notFound, "no such footprint"), now: Date(), using: &random)
        #expect(try await harness.store.finishRelayRequest(rejected.stored(version: before.version), from: before.state, detail: "elsewhere", answers: []))
        // A passing failure of a partner that accepted: the request goes on waiting, a step that
        // does not finish it, which the store refuses for a request it holds finished.
        let outage = UpstreamFailure(.unavailable, "the partner's connector restarts")
        #expect(await harness.worker.upstreamFailed(relayRequestID: "r-done", partner: "cx", failure: outage) == .notApplicable)
        let finished = try #require(try await ended("r-done", harness.worker), "the request did not end")
        #expect(finished.state.name == "rejected")
        #expect(await harness.worker.inFlight == 0)
    }

    /// Events already queued behind a step when the worker stops (a partner's answer, a fetch's
    /// outcome) record nothing after the stop: the HTTP client's shutdown that follows would
    /// otherwise turn calls under way into failures that spend attempts and reject requests.
    @Test func eventsQueuedWhenTheWorkerStopsRecordNothing() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-stop", deadline: 120, attemptTimeout: 60))
        try await waitUntilAccepted("r-stop", harness.worker)
        let before = try #require(try await harness.store.relayRequest(id: "r-stop"))
        let other = try SQLiteConnection(path: harness.path)
        try other.execute("BEGIN IMMEDIATE")
        let document = partnerDocument(harness)
        let first = await harness.worker.enqueue("r-stop", .delivered(document))
        let queued = await harness.worker.enqueue("r-stop", .delivered(document))
        // The first event waits for the store's lock, the second behind it, when the worker stops.
        try await Task.sleep(for: .milliseconds(500))
        await harness.worker.stop()
        #expect(await first.value == .notRecorded)
        try other.execute("ROLLBACK")
        #expect(await queued.value == .notRecorded, "its sender is told to send it again")
        let after = try #require(try await harness.store.relayRequest(id: "r-stop"))
        #expect(after.version == before.version && !after.isFinished)
    }

    /// A partner that accepted the request answers when its owner releases the footprint (CX-0136):
    /// it is not asked again after one attempt's time, and its answer is taken until the deadline.
    @Test func aPartnerThatAcceptedIsWaitedForPastTheAttemptTimeoutAndAskedOnce() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-2", deadline: 30, attemptTimeout: 0.2))
        try await waitUntilFetching("r-2", harness.worker)
        try await Task.sleep(for: .milliseconds(800))
        guard case .fetching(_, let attempt) = await harness.worker.request(id: "r-2")?.state else {
            Issue.record("the request stopped waiting for its partner after one attempt's time: \(String(describing: await harness.worker.request(id: "r-2")?.state.name))")
            return
        }
        #expect(attempt == 1)
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-2", partner: "cx", document: partnerDocument(harness)) == .applied)
        let finished = try #require(await harness.worker.finished(id: "r-2"))
        #expect(finished.state.name == "delivered")
        #expect(harness.fetcher.calls.withLock { $0 } == 1)
    }

    @Test func aPartnerThatAcceptedAndNeverDeliversEndsTheRequestAtItsDeadline() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-9", deadline: 1, attemptTimeout: 0.2))
        let finished = try #require(await harness.worker.finished(id: "r-9"))
        #expect(finished.state.name == "expired", "\(finished.state.name)")
        #expect(harness.fetcher.calls.withLock { $0 } == 1)
    }

    @Test func anUnknownRequesterIsRejectedBeforeAnyUpstreamCall() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-3", identity: "BPNL000000000000"))
        let finished = try #require(await harness.worker.finished(id: "r-3"))
        #expect(finished.state.rejection?.reason == .unauthorised)
        #expect(harness.fetcher.calls.withLock { $0 } == 0)
    }

    @Test func aRequestLeftUnfinishedInTheStoreIsResumedByANewWorker() async throws {
        let harness = try await harness()
        _ = try await harness.store.insert(request("r-4"))
        #expect(try await harness.worker.recover() == 1)
        try await waitUntilFetching("r-4", harness.worker)
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-4", partner: "cx", document: partnerDocument(harness)) == .applied)
        let finished = try #require(await harness.worker.finished(id: "r-4"))
        #expect(finished.state.name == "delivered")
        let deadline = Date().addingTimeInterval(5)
        while harness.fetcher.calls.withLock({ $0 }) == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(harness.fetcher.calls.withLock { $0 } == 1, "the resumed request asks the partner again, once")
    }

    /// A document a partner pushed with its request (a Catena-X update) is stored with the request,
    /// before the partner hears it was accepted: after a crash right then, the request goes on from
    /// the document instead of asking the partner again.
    @Test func aPushedDocumentIsStoredBeforeSubmitReturns() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-pushed"), answeredBy: partnerDocument(harness))
        let stored = try #require(try await harness.store.relayRequest(id: "r-pushed"))
        #expect(!["received", "authorised", "fetching"].contains(stored.state), "stored as \(stored.state)")
        #expect(stored.snapshot.contains("pcfExcludingBiogenicUptake"), "the document is in the stored request")
        let finished = try #require(await harness.worker.finished(id: "r-pushed"))
        #expect(finished.state.name == "delivered")
        #expect(harness.fetcher.calls.withLock { $0 } == 0, "the partner is not asked")
    }

    @Test func aRequestIsStoredAlreadyAuthorisedAndRoutedInOneStep() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-5"))
        let stored = try #require(try await harness.store.relayRequest(id: "r-5"))
        #expect(stored.state == "fetching" && stored.version == 3)
        #expect(try await harness.store.relayTransitions(requestID: "r-5").map(\.to) == ["authorised", "fetching"])
        await #expect { try await harness.worker.submit(request("r-5")) } throws: { ($0 as? StoreError)?.isConflict == true }
    }

    /// The policy decides on a partner's footprint knowing its origin, or not at all: a supplier
    /// that is no longer registered (after a restart, say, before its update arrives) is not
    /// taken for a PACT source.
    @Test func aFootprintWhoseOriginCannotBeKnownIsRefused() async throws {
        let harness = try await harness()
        let document = partnerDocument(harness)
        let gone = await harness.worker.origin(of: .partner("gone"), canonical: document, tenant: "acme", known: nil)
        guard case .unknown(let rejection) = gone else {
            Issue.record("a partner that is not registered was given an origin: \(gone)")
            return
        }
        #expect(rejection.reason == .policyProhibited)
        #expect(rejection.message.contains("no longer a registered partner"), "\(rejection.message)")
        #expect(await harness.worker.origin(of: .partner("cx"), canonical: document, tenant: "acme", known: nil) == .known(.catenax))
        #expect(await harness.worker.origin(of: .partner("gone"), canonical: document, tenant: "acme", known: .catenax) == .known(.catenax))
    }

    @Test func aRequesterRemovedFromThePartnersIsRefusedAtOnce() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-6"))
        #expect(try await harness.store.relayRequest(id: "r-6")?.state == "fetching")
        try await harness.store.removePartner(named: "buyer", tenant: "acme")
        try await harness.worker.submit(request("r-7"))
        let refused = try #require(await harness.worker.finished(id: "r-7"))
        #expect(refused.state.rejection?.reason == .unauthorised)
        #expect(try await harness.store.pendingMessageCount() == 1, "the refusal is enqueued for the requester")
    }

    /// The answer leaves only once the store recorded it: a finish the store cannot record sends
    /// nothing, and the answer goes out once, when the request finishes again.
    @Test func anAnswerIsSentOnlyAfterItsFinishIsRecorded() async throws {
        let direct = DirectDeliveries()
        let harness = try await harness(direct: direct)
        try await harness.worker.submit(request("r-unsent", deadline: 120, attemptTimeout: 60))
        try await waitUntilFetching("r-unsent", harness.worker)
        let other = try SQLiteConnection(path: harness.path)
        try other.execute("BEGIN IMMEDIATE")
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-unsent", partner: "cx", document: partnerDocument(harness)) == .notRecorded)
        try await Task.sleep(for: .milliseconds(300))
        #expect(direct.attempted.withLock { $0 }.isEmpty, "an answer went out that the store had not recorded")
        try other.execute("ROLLBACK")
        try await waitUntilFetching("r-unsent", harness.worker)
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-unsent", partner: "cx", document: partnerDocument(harness)) == .applied)
        _ = try #require(await harness.worker.finished(id: "r-unsent"))
        let deadline = Date().addingTimeInterval(10)
        while direct.messages.withLock({ $0.isEmpty }), Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(direct.attempted.withLock { $0 }.count == 1)
    }

    /// Events for a request that has ended (a timer or a late fetch result) leave nothing behind
    /// in the worker.
    @Test func anEventAfterTheEndLeavesNoQueueBehind() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-ended", deadline: 30, attemptTimeout: 0.5))
        try await waitUntilFetching("r-ended", harness.worker)
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-ended", partner: "cx", document: partnerDocument(harness)) == .applied)
        _ = try #require(await harness.worker.finished(id: "r-ended"))
        await harness.worker.report("r-ended", .fetchFailed(UpstreamFailure(.unreachable, "late"), attempt: 1))
        await harness.worker.report("r-ended", .deadlineReached)
        try await Task.sleep(for: .milliseconds(200))
        #expect(await harness.worker.tails["r-ended"] == nil)
        #expect(await harness.worker.origins["r-ended"] == nil)
        #expect(await harness.worker.tails.isEmpty)
    }

    @Test func aFinishedRequestsAnswerGoesToTheDirectDeliveryAndNotToTheQueue() async throws {
        let direct = DirectDeliveries()
        let harness = try await harness(direct: direct)
        try await harness.worker.submit(request("r-8"))
        try await waitUntilFetching("r-8", harness.worker)
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-8", partner: "cx", document: partnerDocument(harness)) == .applied)
        _ = try #require(await harness.worker.finished(id: "r-8"))
        let deadline = Date().addingTimeInterval(10)
        while direct.messages.withLock({ $0.isEmpty }), Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        let handed = direct.messages.withLock { $0 }
        #expect(handed.count == 1)
        #expect(direct.attempted.withLock { $0 } == handed.map(\.content), "the attempt carries what the store enqueued")
        #expect(try await harness.store.pendingMessageCount() == 1, "the answer stays pending until the direct delivery marks it")
        #expect(try await harness.store.dueMessages(now: Date().addingTimeInterval(3600), limit: 10).isEmpty)
        try await harness.store.markDelivered(messageID: handed[0].id)
        #expect(try await harness.store.pendingMessageCount() == 0)
    }

    /// A request repeated after its relay finished starts an early fetch that is cancelled when
    /// the request turns out to exist: that says nothing of the partner, whose circuit stays closed
    /// (before, five repeats opened it for every request of the tenant).
    @Test func aRepeatedRequestsCancelledFetchDoesNotCountAgainstThePartner() async throws {
        let demo = try JSONParser().parse(try Data(contentsOf: Self.root.appendingPathComponent("Demo/footprints/01-steel-coil-jp.json")))
        let inline = InlineFetcher(document: RelayDocument(json: demo, model: .pact3), delay: .milliseconds(300))
        let harness = try await harness(inline: inline)
        try await harness.worker.submit(request("r-dup"))
        let finished = try #require(await harness.worker.finished(id: "r-dup"))
        guard case .delivered = finished.state else {
            Issue.record("expected delivered, got \(finished.state)")
            return
        }
        for _ in 0..<6 {
            await #expect(throws: StoreError.self) { try await harness.worker.submit(request("r-dup")) }
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(await harness.worker.circuits.state(of: "cx") == .closed(failures: 0))
    }

    /// A worker that has stopped (the gateway shutting down, or failing to start) records nothing
    /// more: a call still under way, which the HTTP client's shutdown would cancel, does not spend
    /// the request's attempts or end it; the request stays as recorded, for the next start.
    @Test func aStoppedWorkerLeavesARequestAsRecorded() async throws {
        let demo = try JSONParser().parse(try Data(contentsOf: Self.root.appendingPathComponent("Demo/footprints/01-steel-coil-jp.json")))
        let inline = InlineFetcher(document: RelayDocument(json: demo, model: .pact3), delay: .milliseconds(400))
        let harness = try await harness(inline: inline)
        try await harness.worker.submit(request("r-stop"))
        try await waitUntilFetching("r-stop", harness.worker)
        await harness.worker.stop()
        try await Task.sleep(for: .milliseconds(900))
        let stored = try #require(try await harness.store.relayRequest(id: "r-stop"))
        #expect(stored.state == "fetching", "the call's outcome after the stop was not recorded")
        #expect(stored.isFinished == false)
        #expect(try await harness.store.pendingMessageCount() == 0, "no answer was queued")
    }

    /// Requests beyond the worker's capacity are refused before they are recorded, and taken
    /// again once one under way has ended.
    @Test func aRequestBeyondTheCapacityIsRefusedUntilOneEnds() async throws {
        let harness = try await harness(maximumInFlight: 1)
        try await harness.worker.submit(request("r-first"))
        try await waitUntilFetching("r-first", harness.worker)
        await #expect { try await harness.worker.submit(request("r-second")) } throws: { error in
            (error as? StoreError)?.message.contains("send the request again shortly") == true
        }
        #expect(try await harness.store.relayRequest(id: "r-second") == nil, "nothing was recorded")
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-first", partner: "cx", document: partnerDocument(harness)) == .applied)
        _ = await harness.worker.finished(id: "r-first")
        try await harness.worker.submit(request("r-second"))
        #expect(try await harness.store.relayRequest(id: "r-second") != nil)
    }

    /// One requester cannot take every place: beyond its share its requests are refused, while
    /// another requester's are taken, and its share frees as its requests end.
    @Test func aRequesterBeyondItsShareIsRefusedWhileOthersAreTaken() async throws {
        let harness = try await harness(maximumInFlight: 10, maximumPerRequester: 1)
        try await harness.worker.submit(request("r-one"))
        try await waitUntilFetching("r-one", harness.worker)
        await #expect { try await harness.worker.submit(request("r-two")) } throws: { error in
            (error as? StoreError)?.message.contains("BPNL00000003CRHK has 1 requests under way") == true
        }
        #expect(try await harness.store.relayRequest(id: "r-two") == nil, "nothing was recorded")
        try await harness.worker.submit(request("r-other", identity: "BPNL000000000001"))
        #expect(try await harness.store.relayRequest(id: "r-other") != nil, "another requester is taken")
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-one", partner: "cx", document: partnerDocument(harness)) == .applied)
        _ = await harness.worker.finished(id: "r-one")
        try await harness.worker.submit(request("r-two"))
        #expect(try await harness.store.relayRequest(id: "r-two") != nil)
    }

    /// A PACT requester beyond its share is told so, not merely that something failed.
    @Test func aPACTRequesterBeyondItsShareIsToldWhy() async throws {
        let harness = try await harness(maximumPerRequester: 0)
        let intake = PACTRelayIntake(worker: harness.worker, deadline: 60)
        let event = CloudEvent(
            type: PACTVersion.v3.eventType(.requestCreated), id: "busy-1", source: "https://buyer.example/3/events", time: "2026-11-30T00:00:00Z",
            data: ["productId": ["urn:tsunagu:demo:product:steel-coil-hr-2mm"]])
        await #expect { _ = try await intake.relayIfRouted(event, version: .v3, from: PACTRequester(clientID: "buyer-client", tenant: "acme"), now: Date()) } throws: { error in
            (error as? PACTError)?.message.contains("buyer-client has 0 requests under way") == true
        }
    }

    /// A partner that accepted the request and answers later (a Catena-X supplier's PUT) is
    /// waited for as long as the gateway allows such answers, not only the request's own deadline.
    @Test func aPartnerThatAnswersLaterIsWaitedForLonger() async throws {
        let harness = try await harness(laterAnswerDeadline: 30)
        // Two seconds: long enough for the partner to accept on a busy machine, short enough to
        // wait past below.
        try await harness.worker.submit(request("r-patient", deadline: 2))
        try await waitUntilFetching("r-patient", harness.worker)
        // Recorded once the partner has accepted the request.
        let stored = try await storedOnceAccepted("r-patient", harness)
        #expect(stored.deadline.timeIntervalSince(stored.received) > 29, "the stored deadline is the later-answer one")
        let steps = try await harness.store.relayTransitions(requestID: "r-patient")
        let accepted = try #require(steps.last { $0.from == "fetching" && $0.to == "fetching" }, "the acceptance is a recorded step")
        #expect(try JSONParser().parse(accepted.detail)["deadline"]?.stringValue == Timestamp.format(stored.deadline))
        try await Task.sleep(for: .milliseconds(2_400))
        try await expectDeliveredByThePartner("r-patient", harness)
    }

    /// A partner that accepted the request but never answers ends it when the later-answer deadline
    /// passes: the deadline's timer starts again when the deadline moves.
    @Test func aPartnerThatAcceptedButNeverAnswersEndsAtTheLaterDeadline() async throws {
        let harness = try await harness(laterAnswerDeadline: 4)
        let started = Date()
        // The request's own deadline leaves the partner time to accept on a busy machine.
        try await harness.worker.submit(request("r-silent", deadline: 2))
        // Looked at, not waited for: a timer that never fires would leave the request under way.
        var finished = try #require(await harness.worker.request(id: "r-silent"))
        while !finished.state.isTerminal, Date().timeIntervalSince(started) < 10 {
            try await Task.sleep(for: .milliseconds(20))
            finished = try #require(await harness.worker.request(id: "r-silent"))
        }
        let seconds = Date().timeIntervalSince(started)
        guard case .expired = finished.state else {
            Issue.record("expected expired, got \(finished.state)")
            return
        }
        #expect(seconds >= 3.8, "expired after \(seconds) s, before the later-answer deadline")
        #expect(seconds < 9, "expired after \(seconds) s")
    }

    /// A partner that answers later can refuse for good after it accepted (an Ouranos supplier
    /// sending the trade request back): only the partner the request waits for is heard.
    @Test func aLaterRefusalEndsTheRequestWaitingForThatPartner() async throws {
        let harness = try await harness(laterAnswerDeadline: 30)
        try await harness.worker.submit(request("r-refused", deadline: 2))
        try await waitUntilFetching("r-refused", harness.worker)
        #expect(await harness.worker.awaitsUpstream(relayRequestID: "r-refused", partner: "cx"))
        #expect(await harness.worker.awaitsUpstream(relayRequestID: "r-refused", partner: "buyer") == false)
        let refusal = UpstreamFailure(.refused, "partner 'cx' sent the request back")
        #expect(await harness.worker.upstreamFailed(relayRequestID: "r-refused", partner: "buyer", failure: refusal) == .notApplicable)
        // Past the request's own deadline: it waits because the partner accepted it.
        try await Task.sleep(for: .milliseconds(2_200))
        #expect(await harness.worker.awaitsUpstream(relayRequestID: "r-refused", partner: "cx"))
        #expect(await harness.worker.upstreamFailed(relayRequestID: "r-refused", partner: "cx", failure: refusal) == .applied)
        let finished = try #require(await harness.worker.finished(id: "r-refused"))
        guard case .failed(let rejection) = finished.state else {
            Issue.record("expected failed, got \(finished.state)")
            return
        }
        #expect(rejection.message.contains("sent the request back"), "\(rejection.message)")
        #expect(await harness.worker.awaitsUpstream(relayRequestID: "r-refused", partner: "cx") == false)
    }

    /// A gateway restarted while a partner that accepted the request prepares its answer asks it
    /// again; the partner being down for the moment spends no attempt, and its answer is taken.
    @Test func aRestartWhileAPartnerPreparesItsAnswerKeepsWaitingForIt() async throws {
        let fetcher = AcceptsThenDownFetcher()
        let first = try await harness(laterAnswerDeadline: 30, other: fetcher)
        try await first.worker.submit(request("r-restart", deadline: 2))
        let accepted = try await storedOnceAccepted("r-restart", first)
        #expect(accepted.deadline.timeIntervalSince(accepted.received) > 29)
        await first.worker.stop()

        let restarted = try await harness(laterAnswerDeadline: 30, other: fetcher, restarting: first)
        #expect(try await restarted.worker.recover() == 1)
        let asked = Date().addingTimeInterval(5)
        while fetcher.calls.withLock({ $0 }) < 2, Date() < asked {
            try await Task.sleep(for: .milliseconds(20))
        }
        // Past the request's own 2 s deadline and the backoff of a spent attempt.
        try await Task.sleep(for: .milliseconds(2500))
        let waiting = try #require(await restarted.worker.request(id: "r-restart"))
        #expect(waiting.state == .fetching(source: .partner("cx"), attempt: 1), "still waiting for the first attempt's answer")
        #expect(fetcher.calls.withLock { $0 } == 2, "asked again once after the restart")
        try await expectDeliveredByThePartner("r-restart", restarted)
    }

    /// The partner `cx` delivers its document for request `id`, which takes it and ends delivered.
    func expectDeliveredByThePartner(_ id: String, _ harness: Harness) async throws {
        #expect(await harness.worker.upstreamDelivered(relayRequestID: id, partner: "cx", document: partnerDocument(harness)) == .applied)
        let finished = try #require(await harness.worker.finished(id: id))
        guard case .delivered = finished.state else {
            Issue.record("expected delivered, got \(finished.state)")
            return
        }
    }

    /// The stored request `id` once its partner's acceptance moved its deadline (or after 5 s).
    func storedOnceAccepted(_ id: String, _ harness: Harness) async throws -> StoredRelayRequest {
        var stored = try #require(try await harness.store.relayRequest(id: id))
        let giveUp = Date().addingTimeInterval(5)
        while stored.deadline.timeIntervalSince(stored.received) < 29, Date() < giveUp {
            try await Task.sleep(for: .milliseconds(20))
            stored = try #require(try await harness.store.relayRequest(id: id))
        }
        return stored
    }

    /// A partner of an ecosystem that answers later but is down never accepted the request: the
    /// requester is answered by the request's own deadline, not after the later-answer one.
    @Test func aPartnerThatIsDownKeepsTheRequestsOwnDeadline() async throws {
        let harness = try await harness(laterAnswerDeadline: 30, other: DownLaterFetcher())
        let started = Date()
        try await harness.worker.submit(request("r-down", deadline: 1))
        let finished = try #require(await harness.worker.finished(id: "r-down"))
        #expect(finished.state.isTerminal)
        #expect(Date().timeIntervalSince(started) < 5, "ended after \(Date().timeIntervalSince(started)) s")
        #expect(finished.deadline.timeIntervalSince(finished.received) < 2, "the deadline stayed the request's own")
    }

    /// A partner's document that arrives after the deadline, before the deadline's timer has ended
    /// the request, is not taken: the partner is told the request no longer waits, not that its
    /// document was applied.
    @Test func aDeliveryAfterTheDeadlineIsNotReportedAsTaken() async throws {
        let harness = try await harness()
        try await harness.worker.submit(request("r-late", deadline: 0.6))
        try await waitUntilFetching("r-late", harness.worker)
        await harness.worker.timers["r-late"]?.cancel()
        try await Task.sleep(for: .milliseconds(800))
        #expect(await harness.worker.upstreamDelivered(relayRequestID: "r-late", partner: "cx", document: partnerDocument(harness)) == .notApplicable)
    }

    @Test func aFetchAnsweredInTheCallStartsBeforeStoringAndIsAppliedOnlyToTheStoredRequest() async throws {
        let demo = try JSONParser().parse(try Data(contentsOf: Self.root.appendingPathComponent("Demo/footprints/01-steel-coil-jp.json")))
        let inline = InlineFetcher(document: RelayDocument(json: demo, model: .pact3))
        let harness = try await harness(inline: inline)
        try await harness.worker.submit(request("r-9"))
        let finished = try #require(await harness.worker.finished(id: "r-9"))
        guard case .delivered = finished.state else {
            Issue.record("expected delivered, got \(finished.state)")
            return
        }
        #expect(inline.calls.withLock { $0 } == 1, "the early fetch is the request's only fetch")
        #expect(try await harness.store.pendingMessageCount() == 1)

        // The same request again: storing it fails, and what its early fetch brought is dropped.
        await #expect { try await harness.worker.submit(request("r-9")) } throws: { ($0 as? StoreError)?.isConflict == true }
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await harness.store.pendingMessageCount() == 1, "answered once")
        #expect(try await harness.store.relayRequest(id: "r-9")?.state == "delivered")
        #expect(try await harness.store.relayTransitions(requestID: "r-9").filter { $0.to == "delivered" }.count == 1)
    }

    @Test func everyRequestsAuditEntriesFollowItsTransitionsWhenManyRunAtOnce() async throws {
        let demo = try JSONParser().parse(try Data(contentsOf: Self.root.appendingPathComponent("Demo/footprints/01-steel-coil-jp.json")))
        let harness = try await harness(inline: InlineFetcher(document: RelayDocument(json: demo, model: .pact3)))
        let ids = (0..<40).map { "many-\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids { group.addTask { try await harness.worker.submit(request(id)) } }
            try await group.waitForAll()
        }
        for id in ids { _ = try #require(await harness.worker.finished(id: id)) }
        // The audit queue is written by one task; wait until the last step of each request is in the trail.
        let deadline = Date().addingTimeInterval(20)
        for id in ids {
            while Date() < deadline {
                await harness.audit.flush()
                if try await harness.store.auditEntries(subject: id).contains(where: { $0.action == "relay.delivered" }) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        for id in ids {
            let transitions = try await harness.store.relayTransitions(requestID: id).map { "relay." + $0.to }
            let audited = try await harness.store.auditEntries(subject: id).map(\.action)
            #expect(audited == ["relay.received"] + transitions, "\(id)")
        }
    }
}
