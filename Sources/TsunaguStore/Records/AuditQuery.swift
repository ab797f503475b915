import Foundation

/// Which audit entries to read: the newest `limit` that match every filter given.
public struct AuditQuery: Sendable, Equatable {
    /// How an entry's action must read.
    public enum ActionFilter: Sendable, Equatable {
        /// Exactly this action (`release` does not match `release.failed`).
        case exactly(String)
        /// Any action that starts with this text (`relay.` matches every relay hop).
        case startingWith(String)
    }

    /// Only this tenant's entries.
    public var tenant: String?
    /// Only entries whose action matches.
    public var action: ActionFilter?
    /// Only entries recorded at or after this time.
    public var since: Date?
    /// Only entries recorded before this time.
    public var until: Date?
    /// At most this many entries, the newest.
    public var limit: Int

    /// A query; without filters, the newest `limit` entries of every tenant.
    public init(tenant: String? = nil, action: ActionFilter? = nil, since: Date? = nil, until: Date? = nil, limit: Int) {
        self.tenant = tenant
        self.action = action
        self.since = since
        self.until = until
        self.limit = limit
    }
}
