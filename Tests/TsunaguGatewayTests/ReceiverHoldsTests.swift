import AsyncHTTPClient
import Foundation
import Logging
import Synchronization
import Testing
import TsunaguCore
import TsunaguStore
@testable import TsunaguGateway

/// A receiver that failed is held back as a whole: its other messages wait without attempts
/// counted, one probes it when the hold ends, and the rest follow once it answers.
@Suite struct ReceiverHoldsTests {
    static func message(_ id: Int64, to clientID: String) -> OutboxMessage {
        OutboxMessage(id: id, tenant: "acme", clientID: clientID, kind: "test.answer", body: "{}", attempts: 0, notBefore: .distantPast, state: .pending, lastError: nil, created: Date())
    }

    @Test func aFailedReceiverIsHeldThenProbedByOneMessage() {
        let now = Date()
        let (m1, m2, m3, other) = (Self.message(1, to: "buyer"), Self.message(2, to: "buyer"), Self.message(3, to: "buyer"), Self.message(4, to: "seller"))
        var holds = ReceiverHolds()
        #expect(holds.admit([m1, m2, m3, other], now: now).send.map(\.id) == [1, 2, 3, 4])
        holds.failed(m1, retryAt: now + 10)
        let held = holds.admit([m2, m3, other], now: now + 1)
        #expect(held.send.map(\.id) == [4], "another receiver is not held")
        #expect(held.postpone == [now + 10: [2, 3]])
        let probing = holds.admit([m2, m3], now: now + 11)
        #expect(probing.send.map(\.id) == [2] && probing.postpone.isEmpty, "one message probes; the other waits for it")
        #expect(holds.admit([m3], now: now + 12).send.isEmpty)
        holds.failed(m2, retryAt: now + 30)
        #expect(holds.admit([m3], now: now + 12).postpone == [now + 30: [3]], "a failed probe holds the receiver again")
        #expect(holds.admit([m2, m3], now: now + 31).send.map(\.id) == [2])
        holds.answered(m2)
        #expect(holds.admit([m3], now: now + 32).send.map(\.id) == [3], "an answer releases the receiver")
    }

    /// Refuses every message while `down`.
    final class SwitchableDeliverer: OutboxDeliverer {
        let down = Mutex(true)
        let attempts = Mutex(0)
        var kind: String { "test.answer" }

        func prepare(_ message: NewOutboxMessage) async throws -> OutboxAttempt {
            OutboxAttempt {
                self.attempts.withLock { $0 += 1 }
                if self.down.withLock({ $0 }) { throw DeliveryFailure("the receiver is down") }
            }
        }
    }

    @Test func aReceiverThatIsDownGetsOneAttemptAtATime() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-holds-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        try await store.enqueue((1...3).map { NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "test.answer", body: #"{"n":\#($0)}"#) })
        let deliverer = SwitchableDeliverer()
        var logger = Logger(label: "holds-test")
        logger.logLevel = .critical
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        // The outbox's clock is stepped, so that however slowly a busy machine runs the test, a
        // hold ends exactly when the test moves time past it and never between two looks.
        let now = Mutex(Date())
        func advance(_ seconds: TimeInterval) { now.withLock { $0 += seconds } }
        let outbox = CallbackOutbox(store: store, httpClient: client, logger: logger, environment: [:], deliverers: [deliverer], clock: { now.withLock { $0 } })
        await outbox.deliverDueMessages()
        #expect(deliverer.attempts.withLock { $0 } == 3, "nothing was known to be down yet")
        advance(1.1)
        await outbox.deliverDueMessages()
        #expect(deliverer.attempts.withLock { $0 } == 4, "one message probes the receiver whose hold ended")
        advance(1.5)
        await outbox.deliverDueMessages()
        #expect(deliverer.attempts.withLock { $0 } == 4, "the others wait for the next hold's end")
        let pending = try await store.dueMessages(now: now.withLock { $0 }.addingTimeInterval(60), limit: 10)
        #expect(pending.map(\.attempts).sorted() == [1, 1, 2], "waiting counts no attempt")
        deliverer.down.withLock { $0 = false }
        advance(0.6)
        await outbox.deliverDueMessages()
        await outbox.deliverDueMessages()
        #expect(deliverer.attempts.withLock { $0 } == 7, "the probe got through (5), then the other two")
        #expect(try await store.pendingMessageCount() == 0)
        try await client.shutdown()
    }

    /// A probe that is not sent (its answer is withheld, the owner's policies having changed) tells
    /// nothing of the receiver: the next due message probes, where the receiver's other messages
    /// used to wait for that probe until a restart.
    @Test func aWithheldProbeLetsTheNextMessageProbe() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-holds-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        try await store.enqueue([
            NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "test.answer", body: #"{"n":1}"#, policyFingerprint: "released-under-old-policies"),
            NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "test.answer", body: #"{"n":2}"#),
        ])
        let deliverer = SwitchableDeliverer()
        let policiesChanged = Mutex(false)
        var logger = Logger(label: "holds-test")
        logger.logLevel = .critical
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let outbox = CallbackOutbox(
            store: store, httpClient: client, logger: logger, environment: [:], deliverers: [deliverer],
            releaseStillHolds: { _, _, _ in !policiesChanged.withLock { $0 } })
        await outbox.deliverDueMessages()
        #expect(deliverer.attempts.withLock { $0 } == 2, "both tried; the receiver is held")
        policiesChanged.withLock { $0 = true }
        deliverer.down.withLock { $0 = false }
        try await Task.sleep(for: .milliseconds(1_100))
        await outbox.deliverDueMessages()
        #expect(deliverer.attempts.withLock { $0 } == 2, "the first message probes, and is withheld unsent")
        await outbox.deliverDueMessages()
        #expect(deliverer.attempts.withLock { $0 } == 3, "the second message probes the receiver")
        #expect(try await store.pendingMessageCount() == 0)
        try await client.shutdown()
    }
}
