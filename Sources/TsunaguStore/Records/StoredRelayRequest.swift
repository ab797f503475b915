import Foundation

/// A relay request as the store keeps it: a few columns the worker queries on, and the whole
/// request as an opaque snapshot whose format belongs to the relay.
public struct StoredRelayRequest: Sendable, Hashable {
    /// The request's unique id.
    public let id: String
    /// The tenant the request was made to.
    public let tenant: String
    /// The name of the lifecycle state (for operators and queries).
    public var state: String
    /// Whether the request reached a terminal state and its answer was enqueued.
    public var isFinished: Bool
    /// Bumped by every recorded transition; a write must name the version it read
    /// (optimistic concurrency), so two workers cannot both advance one request.
    public var version: Int64
    /// When the request must be answered at the latest.
    public var deadline: Date
    /// When the request was accepted.
    public let received: Date
    /// When the record last changed.
    public var updated: Date
    /// The whole request, serialised by the relay (JSON text).
    public var snapshot: String

    /// Creates a record.
    public init(
        id: String, tenant: String, state: String, isFinished: Bool = false, version: Int64 = 1,
        deadline: Date, received: Date, updated: Date, snapshot: String
    ) {
        self.id = id
        self.tenant = tenant
        self.state = state
        self.isFinished = isFinished
        self.version = version
        self.deadline = deadline
        self.received = received
        self.updated = updated
        self.snapshot = snapshot
    }
}

/// One recorded step of a relay request's lifecycle, kept for the audit trail.
public struct RelayTransitionRecord: Sendable, Hashable {
    /// The request it belongs to.
    public let requestID: String
    /// The version the request had after this step.
    public let version: Int64
    /// When the step was recorded.
    public let time: Date
    /// The state before.
    public let from: String
    /// The state after.
    public let to: String
    /// What happened (JSON text: partner, attempt, mapping, policy decision, reason...).
    public let detail: String

    /// Creates a transition record.
    public init(requestID: String, version: Int64, time: Date, from: String, to: String, detail: String) {
        self.requestID = requestID
        self.version = version
        self.time = time
        self.from = from
        self.to = to
        self.detail = detail
    }
}
