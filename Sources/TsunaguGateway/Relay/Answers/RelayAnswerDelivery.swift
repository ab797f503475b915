import TsunaguStore

/// Sends a finished relay request's answers as soon as the transaction that finishes the request
/// and enqueues them has committed, and hands the outcome to the queue afterwards.
///
/// What a send needs from the store (the requester's registration, headers, token) is read before
/// the commit, so the send does not queue behind it on the store; the answer itself leaves only
/// once the request's finish, its audit basis and the enqueued messages are durable. A crash
/// before the commit leaves the request unfinished and nothing sent: it resumes after the restart.
/// A crash after it leaves the messages in the queue, which sends them. The store holds the
/// enqueued messages back from the queue (claimed) until ``settle(_:failures:)`` marks each
/// delivered, or failed and due for the queue's retries.
public protocol RelayAnswerDelivery: Sendable {
    /// Reads what sending each message needs from the store (before the commit queues on it).
    /// - Returns: the attempts, ready to start.
    func prepare(_ messages: [NewOutboxMessage]) async -> PreparedAnswers

    /// Records the attempts' outcomes on the messages the store enqueued for them (same order).
    func settle(_ messages: [OutboxMessage], failures: [DeliveryFailure?]) async
}

/// Why an attempt at sending a message failed, and whether trying again can help.
public struct DeliveryFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    /// Whether the receiver refused the message for good: it is not tried again.
    public let isPermanent: Bool
    /// How long the receiver asked to be left alone, in seconds (`Retry-After`).
    public let retryAfter: Double?

    /// Creates a failure.
    public init(_ description: String, isPermanent: Bool = false, retryAfter: Double? = nil) {
        self.description = description
        self.isPermanent = isPermanent
        self.retryAfter = retryAfter
    }
}

/// Attempts at sending answers, prepared and not yet started.
public struct PreparedAnswers: Sendable {
    private let send: @Sendable () async -> [DeliveryFailure?]

    /// Wraps `send`, which makes one attempt at each message and returns, for each in order,
    /// `nil` when its receiver took it, else why not.
    public init(_ send: @escaping @Sendable () async -> [DeliveryFailure?]) {
        self.send = send
    }

    /// Starts the attempts.
    public func start() -> Task<[DeliveryFailure?], Never> {
        Task { await send() }
    }
}
