import TsunaguStore

/// Sends a finished relay request's answers at once, while the transaction that finishes the
/// request and enqueues them commits, and hands the outcome to the queue afterwards.
///
/// The answer does not wait for the commit: the requester has it one commit sooner. The store
/// holds the enqueued messages back from the queue (claimed) until ``settle(_:failures:)`` marks
/// each delivered, or failed and due for the queue's retries. A crash between the attempt and the
/// commit leaves the request unfinished; it resumes after the restart and sends the same answer
/// again (the same content, and for PACT the same CloudEvents id, see ``PACTAnswerChannel``), as a
/// queue retry after a lost acknowledgement would.
public protocol RelayAnswerDelivery: Sendable {
    /// Reads what sending each message needs from the store (before the commit queues on it) and
    /// starts one attempt at each.
    /// - Returns: the attempts under way; their outcome lists, for each message in the order
    ///   given, `nil` when its receiver took it, else why not.
    func start(_ messages: [NewOutboxMessage]) async -> Task<[String?], Never>

    /// Records the attempts' outcomes on the messages the store enqueued for them (same order).
    func settle(_ messages: [OutboxMessage], failures: [String?]) async
}
