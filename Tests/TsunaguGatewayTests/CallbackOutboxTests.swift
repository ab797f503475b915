import AsyncHTTPClient
import Foundation
import Logging
import Synchronization
import Testing
import TsunaguCore
import TsunaguStore
@testable import TsunaguGateway

/// The outbox's direct delivery of a relay's answers, over a real store: the answer is attempted
/// before its commit ends, a claimed answer is sent once by whoever claimed it, and a failed
/// direct attempt is left to the queue's retries.
@Suite(.serialized) struct CallbackOutboxTests {
    /// Takes deliveries of `test.answer` messages, refusing the first `failures` attempts.
    final class CountingDeliverer: OutboxDeliverer {
        let failures: Int
        let attempts = Mutex<[String]>([])
        let delivered = Mutex<[String]>([])

        init(failures: Int) {
            self.failures = failures
        }

        var kind: String { "test.answer" }

        func prepare(_ message: NewOutboxMessage) async throws -> OutboxAttempt {
            OutboxAttempt {
                let attempt = self.attempts.withLock { attempts in
                    attempts.append(message.body)
                    return attempts.count
                }
                guard attempt > self.failures else { throw DeliveryFailure("the receiver is down") }
                self.delivered.withLock { $0.append(message.body) }
            }
        }
    }

    /// Refuses every `test.answer` message with the error `refusal` gives.
    final class RefusingDeliverer: OutboxDeliverer {
        let refusal: @Sendable () -> DeliveryFailure

        init(_ refusal: @escaping @Sendable () -> DeliveryFailure) {
            self.refusal = refusal
        }

        var kind: String { "test.answer" }

        func prepare(_ message: NewOutboxMessage) async throws -> OutboxAttempt {
            OutboxAttempt { throw self.refusal() }
        }
    }

    /// Takes deliveries of `test.slow` messages only once released, as a receiver that stalls.
    final class StallingDeliverer: OutboxDeliverer {
        let started = Mutex(false)
        let released = Mutex(false)

        var kind: String { "test.slow" }

        func prepare(_ message: NewOutboxMessage) async throws -> OutboxAttempt {
            OutboxAttempt {
                self.started.withLock { $0 = true }
                while !self.released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            }
        }
    }

    /// A receiver that stalls holds up its own messages only, however many (more than one look
    /// at the queue takes): another's is sent meanwhile.
    /// A requester's token is kept as long as its `expires_in` says, never more than a day: a
    /// requester answering a huge value would otherwise have its first token used for ever.
    @Test func aRequestersTokenIsKeptAtMostADay() throws {
        #expect(CallbackOutbox.lifetime(ofTokenAnswer: ["expires_in": 3600]) == 3600)
        #expect(CallbackOutbox.lifetime(ofTokenAnswer: ["expires_in": .number(try #require(JSONNumber(text: "10000000000000000")))]) == 86_400)
        #expect(CallbackOutbox.lifetime(ofTokenAnswer: ["expires_in": .number(try #require(JSONNumber(text: "1e400")))]) == 86_400)
        #expect(CallbackOutbox.lifetime(ofTokenAnswer: ["expires_in": -5]) == 300)
        #expect(CallbackOutbox.lifetime(ofTokenAnswer: ["token_type": "Bearer"]) == 300)
    }

    @Test func aStallingReceiverDoesNotHoldUpOtherMessages() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-outbox-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let stalling = StallingDeliverer()
        let quick = CountingDeliverer(failures: 0)
        var logger = Logger(label: "outbox-test")
        logger.logLevel = .critical
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let outbox = CallbackOutbox(store: store, httpClient: client, logger: logger, environment: [:], pollInterval: .milliseconds(100), deliverers: [stalling, quick])
        let service = Task { try await outbox.run() }
        try await store.enqueue((0..<120).map { NewOutboxMessage(tenant: "acme", clientID: "stalls", kind: "test.slow", body: "{\"n\": \($0)}") })
        await outbox.wake()
        let deadline = Date().addingTimeInterval(60)
        while !stalling.started.withLock({ $0 }), Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(stalling.started.withLock { $0 })
        try await store.enqueue([Self.answer])
        await outbox.wake()
        while quick.delivered.withLock({ $0.isEmpty }), Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        // Sent while the stalled receiver still holds its own message.
        #expect(quick.delivered.withLock { $0 } == [Self.answer.body], "the other message waited for the stalled one")
        stalling.released.withLock { $0 = true }
        service.cancel()
        _ = try? await service.value
        try await client.shutdown()
    }

    static let answer = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "test.answer", body: #"{"answer":1}"#, auditSubject: "r1")

    /// A store with one finished relay request whose answer was enqueued and claimed for direct delivery.
    func finishedRequest(answer: NewOutboxMessage = answer) async throws -> (store: SQLiteStore, answers: [OutboxMessage]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-outbox-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let now = Date()
        let delivered = StoredRelayRequest(
            id: "r1", tenant: "acme", state: "delivered", isFinished: true, deadline: now.addingTimeInterval(60), received: now, updated: now, snapshot: "{}"
        )
        let recorded = try await store.insertRelayRequest(
            delivered, steps: [RelayTransitionRecord(requestID: "r1", version: 0, time: now, from: "received", to: "delivered", detail: "{}")],
            answers: [answer], claimingAnswers: true
        )
        return (store, recorded.answers)
    }

    func withOutbox(
        _ deliverer: any OutboxDeliverer, store: SQLiteStore, releaseStillHolds: (@Sendable (String, String, Date) -> Bool)? = nil,
        _ body: (CallbackOutbox) async throws -> Void
    ) async throws {
        var logger = Logger(label: "outbox-test")
        logger.logLevel = .critical
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await body(CallbackOutbox(store: store, httpClient: client, logger: logger, environment: [:], deliverers: [deliverer], releaseStillHolds: releaseStillHolds))
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// A client error other than 401, 408 and 429 refuses the message for good: it is given up at
    /// once, not sent again for 72 hours.
    @Test func aMessageItsReceiverRefusesForGoodIsGivenUpAtOnce() async throws {
        let (store, answers) = try await finishedRequest()
        let id = try #require(answers.first?.id)
        try await withOutbox(RefusingDeliverer { DeliveryFailure(answered: 400, retryAfter: nil) }, store: store) { outbox in
            await outbox.settle(answers, failures: [DeliveryFailure("the direct attempt failed")])
            try await Task.sleep(for: .milliseconds(1100))
            await outbox.deliverDueMessages()
            #expect(try await store.message(id: id)?.state == .abandoned)
        }
        // The relay request's trail says the answer was given up, not only that it was delivered.
        let abandoned = try await store.auditEntries(tenant: "acme", limit: 50).filter { $0.action == "delivery.abandoned" }
        #expect(abandoned.map(\.subject) == ["r1"])
        #expect(abandoned.first?.detail["lastError"]?.stringValue?.contains("400") == true)
        #expect(abandoned.first?.actor == "buyer")
    }

    /// A queued answer whose footprints were released under policies no longer in force for its
    /// tenant is not sent; an answer of another ecosystem than PACT, which has no refusal to send
    /// instead, is given up and the trail says why. Under unchanged policies it is sent.
    @Test(arguments: [true, false])
    func aQueuedAnswerReleasedUnderEarlierPoliciesIsGivenUp(policiesChanged: Bool) async throws {
        var released = Self.answer
        released.policyFingerprint = "fnv1a64:before"
        let (store, answers) = try await finishedRequest(answer: released)
        let id = try #require(answers.first?.id)
        let deliverer = CountingDeliverer(failures: 0)
        let now = policiesChanged ? "fnv1a64:after" : "fnv1a64:before"
        try await withOutbox(deliverer, store: store, releaseStillHolds: { tenant, fingerprint, _ in tenant == "acme" && fingerprint == now }) { outbox in
            await outbox.settle(answers, failures: [DeliveryFailure("the receiver was down")])
            try await Task.sleep(for: .milliseconds(1100))
            await outbox.deliverDueMessages()
        }
        let withheld = try await store.auditEntries(tenant: "acme", limit: 50).filter { $0.action == "delivery.withheld" }
        if policiesChanged {
            #expect(deliverer.attempts.withLock { $0 }.isEmpty)
            #expect(try await store.message(id: id)?.state == .abandoned)
            #expect(withheld.map(\.subject) == ["r1"] && withheld.first?.detail["outcome"] == "given up", "\(withheld)")
        } else {
            #expect(deliverer.delivered.withLock { $0 } == [Self.answer.body])
            #expect(withheld.isEmpty)
        }
    }

    /// The direct attempt's refusal for good is given up at once too, not retried by the queue.
    @Test func aDirectAttemptRefusedForGoodIsGivenUpAtOnce() async throws {
        let (store, answers) = try await finishedRequest()
        let id = try #require(answers.first?.id)
        try await withOutbox(RefusingDeliverer { DeliveryFailure(answered: 404, retryAfter: nil) }, store: store) { outbox in
            let failures = await outbox.prepare([Self.answer]).start().value
            #expect(failures.first??.isPermanent == true)
            await outbox.settle(answers, failures: failures)
        }
        #expect(try await store.message(id: id)?.state == .abandoned)
    }

    /// A receiver's `Retry-After` is honoured, not retried after a second.
    @Test func aReceiversRetryAfterIsHonoured() async throws {
        let (store, answers) = try await finishedRequest()
        let id = try #require(answers.first?.id)
        try await withOutbox(RefusingDeliverer { DeliveryFailure(answered: 429, retryAfter: "120") }, store: store) { outbox in
            await outbox.settle(answers, failures: [DeliveryFailure("the direct attempt failed")])
            try await Task.sleep(for: .milliseconds(1100))
            await outbox.deliverDueMessages()
            let message = try #require(try await store.message(id: id))
            #expect(message.state == .pending)
            #expect(message.notBefore.timeIntervalSinceNow > 100, "retried at \(message.notBefore)")
        }
    }

    /// `Retry-After` comes in seconds or as an HTTP date; both are honoured.
    @Test func aRetryAfterIsReadInSecondsOrAsAnHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(DeliveryFailure(answered: 503, retryAfter: " 120 ", now: now).retryAfter == 120)
        // 1_800_000_000 is 2027-01-15T08:00:00Z.
        #expect(DeliveryFailure(answered: 503, retryAfter: "Fri, 15 Jan 2027 08:05:00 GMT", now: now).retryAfter == 300)
        #expect(DeliveryFailure(answered: 503, retryAfter: "Fri, 15 Jan 2027 07:00:00 GMT", now: now).retryAfter == 0, "a date gone by asks for no wait")
        #expect(DeliveryFailure(answered: 503, retryAfter: "soon", now: now).retryAfter == nil)
    }

    @Test func onlyClientErrorsThatCannotChangeAreForGood() {
        for status in [400, 403, 404, 410, 422] { #expect(DeliveryFailure(answered: status, retryAfter: nil).isPermanent, "\(status)") }
        for status in [401, 408, 429, 500, 502, 503] { #expect(!DeliveryFailure(answered: status, retryAfter: nil).isPermanent, "\(status)") }
        #expect(DeliveryFailure(answered: 503, retryAfter: " 30 ").retryAfter == 30)
    }

    @Test func aDirectDeliveryThatFailsIsRetriedByTheQueueExactlyOnce() async throws {
        let (store, answers) = try await finishedRequest()
        let id = try #require(answers.first?.id)
        let body = Self.answer.body
        let deliverer = CountingDeliverer(failures: 1)
        try await withOutbox(deliverer, store: store) { outbox in
            await outbox.deliverDueMessages()
            #expect(deliverer.attempts.withLock { $0 }.isEmpty, "a claimed answer is not the queue's to send")
            let failures = await outbox.prepare([Self.answer]).start().value
            #expect(failures.count == 1 && failures[0]?.description.contains("the receiver is down") == true)
            await outbox.settle(answers, failures: failures)
            #expect(deliverer.attempts.withLock { $0 } == [body])
            let afterAttempt = try await store.message(id: id)
            #expect(afterAttempt?.attempts == 1)
            await outbox.deliverDueMessages()
            #expect(deliverer.attempts.withLock { $0 } == [body], "the retry waits for its backoff")
            try await Task.sleep(for: .milliseconds(1100))
            await outbox.deliverDueMessages()
            await outbox.deliverDueMessages()
        }
        #expect(deliverer.attempts.withLock { $0 } == [body, body])
        #expect(deliverer.delivered.withLock { $0 } == [body])
        #expect(try await store.message(id: id)?.state == .delivered)
    }

    @Test func aDirectDeliveryThatSucceedsIsNotSentAgain() async throws {
        let (store, answers) = try await finishedRequest()
        let deliverer = CountingDeliverer(failures: 0)
        try await withOutbox(deliverer, store: store) { outbox in
            let failures = await outbox.prepare([Self.answer]).start().value
            #expect(failures == [nil])
            let pending = try await store.pendingMessageCount()
            #expect(pending == 1, "delivered but not yet settled: still the relay's")
            await outbox.settle(answers, failures: failures)
            await outbox.deliverDueMessages()
        }
        #expect(deliverer.delivered.withLock { $0 } == [Self.answer.body])
        #expect(try await store.pendingMessageCount() == 0)
    }

    @Test func severalAnswersAreAttemptedTogetherAndEachOutcomeIsInTheOrderOfTheList() async throws {
        let (store, answers) = try await finishedRequest()
        let second = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "test.answer", body: #"{"answer":2}"#)
        let deliverer = CountingDeliverer(failures: 1)
        var outcomes: [DeliveryFailure?] = []
        try await withOutbox(deliverer, store: store) { outbox in
            outcomes = await outbox.prepare([Self.answer, second]).start().value
            await outbox.settle(answers, failures: [outcomes[0]])
        }
        let refused = try #require(deliverer.attempts.withLock { $0.first }, "the deliverer refuses the attempt it sees first")
        #expect(Set(deliverer.attempts.withLock { $0 }) == [Self.answer.body, second.body])
        #expect(outcomes.map { $0 != nil } == [refused == Self.answer.body, refused == second.body])
        let stored = try #require(try await store.message(id: answers[0].id))
        #expect(stored.state == (refused == Self.answer.body ? .pending : .delivered))
    }

    @Test func anAnswerWhoseReceiverIsNotRegisteredFailsBeforeAnyCallAndIsLeftToTheQueue() async throws {
        let (store, _) = try await finishedRequest()
        let deliverer = CountingDeliverer(failures: 0)
        let stranger = NewOutboxMessage(tenant: "acme", clientID: "nobody", kind: CallbackOutbox.kind(for: .v3), body: "{}")
        var failures: [DeliveryFailure?] = []
        try await withOutbox(deliverer, store: store) { outbox in
            failures = await outbox.prepare([stranger]).start().value
        }
        #expect(failures.count == 1)
        #expect(failures.first??.description.contains("client 'nobody' has no callback registration") == true, "\(failures)")
        #expect(failures.first??.isPermanent == true, "an unregistered receiver will not become one by retrying")
        #expect(deliverer.attempts.withLock { $0 }.isEmpty)
    }
}
