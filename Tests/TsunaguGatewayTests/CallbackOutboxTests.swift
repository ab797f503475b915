import AsyncHTTPClient
import Foundation
import Logging
import Synchronization
import Testing
import TsunaguStore
@testable import TsunaguGateway

/// The outbox's direct delivery of a relay's answers, over a real store: a claimed answer is
/// sent once by whoever claimed it, and a failed direct attempt is left to the queue's retries.
@Suite(.serialized) struct CallbackOutboxTests {
    /// Takes deliveries of `test.answer` messages, refusing the first `failures` attempts.
    final class CountingDeliverer: OutboxDeliverer {
        let failures: Int
        let attempts = Mutex<[Int64]>([])
        let delivered = Mutex<[Int64]>([])

        init(failures: Int) {
            self.failures = failures
        }

        var kind: String { "test.answer" }

        func deliver(_ message: OutboxMessage) async throws {
            let attempt = attempts.withLock { attempts in
                attempts.append(message.id)
                return attempts.count
            }
            guard attempt > failures else { throw CallbackError("the receiver is down") }
            delivered.withLock { $0.append(message.id) }
        }
    }

    /// A store with one finished relay request whose answer was enqueued and claimed for direct delivery.
    func finishedRequest() async throws -> (store: SQLiteStore, answers: [OutboxMessage]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-outbox-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let now = Date()
        let delivered = StoredRelayRequest(
            id: "r1", tenant: "acme", state: "delivered", isFinished: true, deadline: now.addingTimeInterval(60), received: now, updated: now, snapshot: "{}"
        )
        let recorded = try await store.insertRelayRequest(
            delivered, steps: [RelayTransitionRecord(requestID: "r1", version: 0, time: now, from: "received", to: "delivered", detail: "{}")],
            answers: [NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "test.answer", body: "{}")], claimingAnswers: true
        )
        return (store, recorded.answers)
    }

    func withOutbox(_ deliverer: CountingDeliverer, store: SQLiteStore, _ body: (CallbackOutbox) async throws -> Void) async throws {
        var logger = Logger(label: "outbox-test")
        logger.logLevel = .critical
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await body(CallbackOutbox(store: store, httpClient: client, logger: logger, environment: [:], deliverers: [deliverer]))
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    @Test func aDirectDeliveryThatFailsIsRetriedByTheQueueExactlyOnce() async throws {
        let (store, answers) = try await finishedRequest()
        let id = try #require(answers.first?.id)
        let deliverer = CountingDeliverer(failures: 1)
        try await withOutbox(deliverer, store: store) { outbox in
            await outbox.deliverDueMessages()
            #expect(deliverer.attempts.withLock { $0 }.isEmpty, "a claimed answer is not the queue's to send")
            await outbox.deliverNow(answers)
            #expect(deliverer.attempts.withLock { $0 } == [id])
            await outbox.deliverDueMessages()
            #expect(deliverer.attempts.withLock { $0 } == [id], "the retry waits for its backoff")
            try await Task.sleep(for: .milliseconds(1100))
            await outbox.deliverDueMessages()
            await outbox.deliverDueMessages()
        }
        #expect(deliverer.attempts.withLock { $0 } == [id, id])
        #expect(deliverer.delivered.withLock { $0 } == [id])
        #expect(try await store.message(id: id)?.state == .delivered)
    }

    @Test func aDirectDeliveryThatSucceedsIsNotSentAgain() async throws {
        let (store, answers) = try await finishedRequest()
        let deliverer = CountingDeliverer(failures: 0)
        try await withOutbox(deliverer, store: store) { outbox in
            await outbox.deliverNow(answers)
            await outbox.deliverDueMessages()
        }
        #expect(deliverer.delivered.withLock { $0 } == answers.map(\.id))
        #expect(try await store.pendingMessageCount() == 0)
    }
}
