import Foundation
import TsunaguCore

/// One recorded hop or decision: who asked, in which ecosystem, what was released or refused and why.
public struct AuditEntry: Sendable, Hashable {
    /// The store's id (0 before it is stored).
    public let id: Int64
    /// When it happened.
    public let time: Date
    /// The tenant whose data was involved.
    public let tenant: String
    /// Who asked (a client id, a BPN, a corporate number).
    public let actor: String
    /// The requester's ecosystem (`pact`, `catenax`, `ouranos`).
    public let ecosystem: String
    /// What happened (`release`, `deny`, `event.received`, `callback.delivered`, ...).
    public let action: String
    /// What it was about (a footprint id, an event id).
    public let subject: String
    /// The details: policy decision, mapping ids and hashes, content hashes.
    public let detail: JSONValue

    /// Creates an entry.
    public init(id: Int64 = 0, time: Date, tenant: String, actor: String, ecosystem: String, action: String, subject: String, detail: JSONValue) {
        self.id = id
        self.time = time
        self.tenant = tenant
        self.actor = actor
        self.ecosystem = ecosystem
        self.action = action
        self.subject = subject
        self.detail = detail
    }
}
