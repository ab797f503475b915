import TsunaguStore

/// Sends outbox messages of one kind (a Catena-X `PUT /footprintExchange`, say) to their
/// receiver. The ``CallbackOutbox`` owns the queue, the retries and the give-up rule; a
/// deliverer only makes one attempt.
public protocol OutboxDeliverer: Sendable {
    /// The message kind this deliverer sends.
    var kind: String { get }

    /// Makes one attempt to deliver `message` (a queued message's ``OutboxMessage/content``, or
    /// a relay's answer sent while the commit that enqueues it runs).
    /// - Throws: any error when the receiver did not take the message; it is retried later.
    func deliver(_ message: NewOutboxMessage) async throws
}
