import Foundation

/// An outgoing asynchronous message (a PACT callback event, say), persisted before the request
/// that caused it is acknowledged, and delivered by a worker with retries.
public struct OutboxMessage: Sendable, Hashable {
    /// Where a message is in its delivery.
    public enum State: String, Sendable, Hashable {
        case pending
        case delivered
        case abandoned
    }

    /// The store's id of the message.
    public let id: Int64
    /// The tenant on whose behalf it is sent.
    public let tenant: String
    /// The client it is addressed to.
    public let clientID: String
    /// What kind of message this is (`pact.v2.callback`, `pact.v3.callback`, ...), so the right sender handles it.
    public let kind: String
    /// The message body, ready to send.
    public let body: String
    /// Delivery attempts so far.
    public let attempts: Int
    /// Not to be sent before this time.
    public let notBefore: Date
    /// The delivery state.
    public let state: State
    /// What went wrong on the last failed attempt.
    public let lastError: String?
    /// When the message was accepted.
    public let created: Date
    /// The sender's own form of the body, when the message was just enqueued by this process
    /// (see ``NewOutboxMessage/prepared``); a message read from the store has none.
    public let prepared: PreparedOutboxBody
    /// What the message is about for its receiver (see ``NewOutboxMessage/orderingKey``).
    public let orderingKey: String?
    /// What the audit trail calls the exchange it answers (see ``NewOutboxMessage/auditSubject``).
    public let auditSubject: String?
    /// The usage policies its footprints were released under (see ``NewOutboxMessage/policyFingerprint``).
    public let policyFingerprint: String?

    /// Creates a message record.
    public init(
        id: Int64, tenant: String, clientID: String, kind: String, body: String, attempts: Int, notBefore: Date,
        state: State, lastError: String?, created: Date, prepared: PreparedOutboxBody = .none, orderingKey: String? = nil,
        auditSubject: String? = nil, policyFingerprint: String? = nil
    ) {
        self.policyFingerprint = policyFingerprint
        self.prepared = prepared
        self.orderingKey = orderingKey
        self.auditSubject = auditSubject
        self.id = id
        self.tenant = tenant
        self.clientID = clientID
        self.kind = kind
        self.body = body
        self.attempts = attempts
        self.notBefore = notBefore
        self.state = state
        self.lastError = lastError
        self.created = created
    }

    /// The message as it was enqueued: what a sender needs for an attempt.
    public var content: NewOutboxMessage {
        NewOutboxMessage(
            tenant: tenant, clientID: clientID, kind: kind, body: body, prepared: prepared, orderingKey: orderingKey, auditSubject: auditSubject,
            policyFingerprint: policyFingerprint)
    }

    /// The message with `body` in place of its own and no policy fingerprint (see
    /// ``GatewayStore/replaceMessageBody(id:with:)``).
    public func replacingBody(with body: String) -> OutboxMessage {
        OutboxMessage(
            id: id, tenant: tenant, clientID: clientID, kind: kind, body: body, attempts: attempts, notBefore: notBefore, state: state,
            lastError: lastError, created: created, orderingKey: orderingKey, auditSubject: auditSubject)
    }
}
