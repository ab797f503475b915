import Foundation
import TsunaguCore
import TsunaguStore

/// The one place where data leaves the gateway: it asks the owner's usage policy whether the
/// requester may have a footprint, applies the policy's obligations, and renders the result in
/// the requester's data model.
///
/// Every protocol adapter releases footprints only through this protocol, so no route can
/// forget the policy check or the translation.
public protocol ReleaseGate: Sendable {
    /// Decides whether `footprint` may be released to `requester` for `action`, and if so
    /// returns the document in `model` with every obligation fulfilled.
    func release(_ footprint: StoredFootprint, to requester: Requester, action: ReleaseAction, as model: ModelID, now: Date) -> Release
}

/// Who is asking, in the terms usage policies speak.
public struct Requester: Sendable, Hashable {
    /// The requester's ecosystem: `pact`, `catenax` or `ouranos`.
    public var ecosystem: String
    /// The tenant whose API the requester called.
    public var tenant: String
    /// The PACT client id, when the requester is a PACT client.
    public var clientID: String?
    /// The Catena-X Business Partner Number, when known.
    public var businessPartnerNumber: String?
    /// The Japanese corporate number (法人番号), when known.
    public var corporateNumber: String?

    /// Creates a requester.
    public init(ecosystem: String, tenant: String, clientID: String? = nil, businessPartnerNumber: String? = nil, corporateNumber: String? = nil) {
        self.ecosystem = ecosystem
        self.tenant = tenant
        self.clientID = clientID
        self.businessPartnerNumber = businessPartnerNumber
        self.corporateNumber = corporateNumber
    }

    /// A short name for logs and the audit trail.
    public var displayName: String { clientID ?? businessPartnerNumber ?? corporateNumber ?? "unknown" }
}

/// What the requester does with released data.
public enum ReleaseAction: String, Sendable, Hashable {
    /// Use it themselves.
    case use
    /// Pass it on into another ecosystem.
    case distribute
}

/// The outcome of a release.
public enum Release: Sendable {
    /// The document to send, with the decision that allowed it.
    case permitted(document: JSONValue, record: ReleaseRecord)
    /// Refused; `reason` is for the audit trail and logs, never for the requester.
    case denied(record: ReleaseRecord)
    /// The footprint could not be rendered in the requested model.
    case failed(message: String, record: ReleaseRecord)
}

/// What the audit trail keeps about a release decision.
public struct ReleaseRecord: Sendable {
    /// The decision explained (policy, rule, constraints, obligations).
    public let decision: JSONValue
    /// The mappings applied (ids and content hashes).
    public let mappings: JSONValue
    /// Whether the policy asks for the release to be recorded.
    public let mustRecord: Bool

    /// Creates a record.
    public init(decision: JSONValue, mappings: JSONValue = .array([]), mustRecord: Bool) {
        self.decision = decision
        self.mappings = mappings
        self.mustRecord = mustRecord
    }
}
