import TsunaguStore

/// Sends outbox messages of one kind (a Catena-X `PUT /footprintExchange`, say) to their
/// receiver. The ``CallbackOutbox`` owns the queue, the retries and the give-up rule; a
/// deliverer only makes one attempt.
public protocol OutboxDeliverer: Sendable {
    /// The message kind this deliverer sends.
    var kind: String { get }

    /// Reads what an attempt to deliver `message` needs (a queued message's
    /// ``OutboxMessage/content``, or a relay's answer about to be enqueued) and returns the attempt.
    /// - Throws: any error when the message cannot be sent as things stand; it is retried later.
    func prepare(_ message: NewOutboxMessage) async throws -> OutboxAttempt
}

extension OutboxDeliverer {
    /// Makes one attempt to deliver `message`.
    /// - Throws: any error when the receiver did not take the message; it is retried later.
    public func deliver(_ message: NewOutboxMessage) async throws {
        try await prepare(message).make()
    }
}
