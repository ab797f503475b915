import Foundation
import TsunaguCore

/// A footprint as the store holds it: the canonical document and who owns it.
public struct StoredFootprint: Sendable, Hashable {
    /// The owning tenant.
    public let tenant: String
    /// The canonical (PACT v3.0) footprint.
    public let footprint: ProductFootprint
    /// Insertion order; lists are served in this order so pagination is stable.
    public let sequence: Int64
    /// When this footprint (this id) was first stored.
    public let stored: Date
    /// When this footprint's record last changed (its status, say).
    public let updated: Date

    /// Creates a record.
    public init(tenant: String, footprint: ProductFootprint, sequence: Int64, stored: Date, updated: Date) {
        self.tenant = tenant
        self.footprint = footprint
        self.sequence = sequence
        self.stored = stored
        self.updated = updated
    }
}

/// What importing one footprint did to the store.
public enum ImportOutcome: Sendable, Hashable {
    /// A new footprint was stored under its own id.
    case created(id: String)
    /// The same document was already stored: nothing changed.
    case unchanged(id: String)
    /// A changed footprint: stored under `newID` with the old id in `precedingPfIds`; the old one is now `Deprecated`.
    case superseded(oldID: String, newID: String)
    /// The same document with the status `Deprecated`: the stored footprint was marked so, in place.
    case deprecated(id: String)
}
