import Foundation
import TsunaguCore

/// Everything the gateway persists, behind one protocol: tenants, API clients, footprints, the
/// asynchronous outbox, received events and the audit trail.
///
/// ``SQLiteStore`` is the embedded default. Implementations guarantee that a method that returns
/// has made its writes durable, so an acknowledged request survives a crash.
public protocol GatewayStore: RelayStore {
    /// Adds a tenant. - Throws: a conflict when the name is taken.
    func addTenant(named name: String, now: Date) async throws(StoreError) -> Tenant
    /// The tenant with `name`, if any.
    func tenant(named name: String) async throws(StoreError) -> Tenant?
    /// Every tenant, by name.
    func tenants() async throws(StoreError) -> [Tenant]

    /// Adds an API client. - Throws: not found when its tenant does not exist, a conflict when the id is taken.
    func addClient(_ client: APIClient) async throws(StoreError)
    /// The client with `clientID`, if any.
    func client(id clientID: String) async throws(StoreError) -> APIClient?
    /// The clients of `tenant`.
    func clients(ofTenant tenant: String) async throws(StoreError) -> [APIClient]
    /// Replaces a client's secret hash and callback registration (used by demo start-up).
    func updateClient(_ client: APIClient) async throws(StoreError)
    /// Removes the client `clientID` of `tenant`: its secret and its tokens stop working.
    /// - Throws: ``StoreError/notFound(_:)`` when the tenant has no such client.
    func removeClient(id clientID: String, tenant: String) async throws(StoreError)

    /// Stores a footprint for `tenant`, following PACT's lifecycle: a changed document under an
    /// existing id is stored under a new id that lists the old one in `precedingPfIds`, and the
    /// old one becomes `Deprecated`; footprints named in an imported `precedingPfIds` become `Deprecated` too.
    ///
    /// `timeFilled` names the fields the document's translation filled with the time it ran (an
    /// Ouranos CFP has no creation time, so its PACT form is created when translated): they say
    /// when the file was read, not what it states, so they are left out when the document is
    /// compared with the stored versions. A file imported again is then unchanged, and keeps the
    /// times of its first import.
    func importFootprint(_ footprint: ProductFootprint, tenant: String, now: Date, timeFilled: [JSONPointer]) async throws(StoreError) -> ImportOutcome
    /// The footprint `id` of `tenant`, if any.
    func footprint(id: String, tenant: String) async throws(StoreError) -> StoredFootprint?
    /// Every footprint of `tenant`, in insertion order.
    func footprints(ofTenant tenant: String) async throws(StoreError) -> [StoredFootprint]

    /// Records an inbound event, enqueues its outbound replies and appends `audit` (the releases
    /// the replies make) in one transaction.
    /// - Returns: `false` when an event with the same source and id was already recorded for
    ///   the tenant (a redelivery): nothing is stored, enqueued or audited again.
    func acceptEvent(_ event: ReceivedEvent, replies: [NewOutboxMessage], audit: [AuditEntry]) async throws(StoreError) -> Bool
    /// Whether ``acceptEvent(_:replies:audit:)`` recorded the event `eventID` from `source` for
    /// the client `clientID` of `tenant`.
    func hasAcceptedEvent(tenant: String, clientID: String, source: String, eventID: String) async throws(StoreError) -> Bool
    /// Enqueues outbound messages.
    func enqueue(_ messages: [NewOutboxMessage]) async throws(StoreError)
    /// Pending messages whose time has come, oldest first, except those claimed by a sender that
    /// delivers them itself (see ``RelayStore/recordRelaySteps(_:steps:finishing:answers:claimingAnswers:)``)
    /// and those waiting behind an earlier pending message of the same tenant, receiver and
    /// ordering key (see ``NewOutboxMessage/orderingKey``).
    func dueMessages(now: Date, limit: Int) async throws(StoreError) -> [OutboxMessage]
    /// Marks a message delivered (releasing a claim on it).
    func markDelivered(messageID: Int64) async throws(StoreError)
    /// Records a failed attempt (releasing a claim on it): retried at `retryAt`, or abandoned when `retryAt` is `nil`.
    func markFailed(messageID: Int64, error: String, retryAt: Date?) async throws(StoreError)
    /// Makes the pending messages `ids` due no sooner than `until`, without counting an attempt
    /// (their receiver is held back after a failure).
    func postponeMessages(ids: [Int64], until: Date) async throws(StoreError)
    /// Replaces the body of the pending message `id` (an answer withheld becomes a refusal) and
    /// clears its policy fingerprint; a message no longer pending is left as it is.
    func replaceMessageBody(id: Int64, with body: String) async throws(StoreError)
    /// The number of messages still pending.
    func pendingMessageCount() async throws(StoreError) -> Int
    /// The message with `id`, if any.
    func message(id: Int64) async throws(StoreError) -> OutboxMessage?

    /// Appends to the audit trail.
    func appendAudit(_ entry: AuditEntry) async throws(StoreError)
    /// Appends several audit entries in one transaction (all or none).
    func appendAudit(_ entries: [AuditEntry]) async throws(StoreError)
    /// The newest audit entries of `tenant` (every tenant when `nil`), newest first.
    func auditEntries(tenant: String?, limit: Int) async throws(StoreError) -> [AuditEntry]
}

/// An event received from a partner.
public struct ReceivedEvent: Sendable, Hashable {
    /// The receiving tenant.
    public let tenant: String
    /// The client that sent it.
    public let clientID: String
    /// The CloudEvents `type`.
    public let type: String
    /// The CloudEvents `source`.
    public let source: String
    /// The CloudEvents `id`, exactly as sent.
    public let eventID: String
    /// The whole event as received.
    public let body: String
    /// When it arrived.
    public let received: Date

    /// Creates a record of a received event.
    public init(tenant: String, clientID: String, type: String, source: String, eventID: String, body: String, received: Date) {
        self.tenant = tenant
        self.clientID = clientID
        self.type = type
        self.source = source
        self.eventID = eventID
        self.body = body
        self.received = received
    }
}

/// An outbound message to enqueue.
public struct NewOutboxMessage: Sendable, Hashable {
    /// The tenant on whose behalf it is sent.
    public let tenant: String
    /// The receiving client.
    public let clientID: String
    /// The kind, naming the sender that delivers it.
    public let kind: String
    /// The body, ready to send.
    public let body: String
    /// The sender's own form of the body, for a sender that delivers the message right after it
    /// is enqueued (not stored).
    public let prepared: PreparedOutboxBody
    /// What the message is about for its receiver (a Catena-X request id, say): messages of one
    /// tenant to one receiver with the same key are delivered in the order they were enqueued,
    /// each waiting while an earlier one is pending (neither delivered nor abandoned). `nil`
    /// orders the message after no other.
    public let orderingKey: String?
    /// What the audit trail calls the exchange the message answers (a relay request's id, or the
    /// requester's event id), so that a message given up is recorded under it.
    public let auditSubject: String?
    /// The fingerprint of the usage policies the footprints the message carries were released
    /// under (`PolicySet.fingerprint(ofTenant:)`); `nil` for a message that carries none. When
    /// the policies in force differ at sending, the message is not sent as it is.
    public var policyFingerprint: String?

    /// Creates a message to enqueue.
    public init(
        tenant: String, clientID: String, kind: String, body: String, prepared: PreparedOutboxBody = .none, orderingKey: String? = nil,
        auditSubject: String? = nil, policyFingerprint: String? = nil
    ) {
        self.policyFingerprint = policyFingerprint
        self.tenant = tenant
        self.clientID = clientID
        self.kind = kind
        self.body = body
        self.prepared = prepared
        self.orderingKey = orderingKey
        self.auditSubject = auditSubject
    }
}

extension GatewayStore {
    /// Stores a footprint whose every field is its own (see ``importFootprint(_:tenant:now:timeFilled:)``).
    public func importFootprint(_ footprint: ProductFootprint, tenant: String, now: Date) async throws(StoreError) -> ImportOutcome {
        try await importFootprint(footprint, tenant: tenant, now: now, timeFilled: [])
    }

    /// Records an inbound event and enqueues its outbound replies in one transaction (see
    /// ``acceptEvent(_:replies:audit:)``).
    public func acceptEvent(_ event: ReceivedEvent, replies: [NewOutboxMessage]) async throws(StoreError) -> Bool {
        try await acceptEvent(event, replies: replies, audit: [])
    }
}
