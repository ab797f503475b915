import Foundation
import TsunaguCore
import TsunaguPolicy
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
    func release(_ footprint: StoredFootprint, to requester: Requester, action: PolicyAction, as model: ModelID, now: Date) -> Release
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
