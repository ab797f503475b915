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

    /// The same release with the document's JSON text, for adapters that send it as is. The
    /// decision is made on every call exactly as by ``release(_:to:action:as:now:)``; a gate may
    /// reuse the rendering (obligations, translation, encoding) of an earlier identical release.
    func encodedRelease(_ footprint: StoredFootprint, to requester: Requester, action: PolicyAction, as model: ModelID, now: Date) -> EncodedRelease

    /// A gate that decides every release under the rules in force now, whatever a reload swaps in
    /// later: the footprints of one answer (a listing, an event's answer) are decided, rendered
    /// and checked against the request's criteria under one set of rules.
    func pinned() -> any ReleaseGate

    /// The fingerprint of the usage policies that decide releases of `tenant`'s footprints through
    /// this gate (see `PolicySet.fingerprint(ofTenant:)`), recorded with an answer that is sent
    /// later; `nil` when the gate cannot tell.
    func policyFingerprint(ofTenant tenant: String) -> String?
}

extension ReleaseGate {
    /// A gate whose rules do not change: itself.
    public func pinned() -> any ReleaseGate { self }

    /// A gate that cannot tell.
    public func policyFingerprint(ofTenant tenant: String) -> String? { nil }

    /// Encodes the document of ``release(_:to:action:as:now:)``.
    public func encodedRelease(_ footprint: StoredFootprint, to requester: Requester, action: PolicyAction, as model: ModelID, now: Date) -> EncodedRelease {
        release(footprint, to: requester, action: action, as: model, now: now).map(EncodedJSON.init)
    }
}

/// The outcome of a release, the document as a ``JSONValue``.
public typealias Release = ReleaseOutcome<JSONValue>

/// The outcome of a release, the document with its JSON text.
public typealias EncodedRelease = ReleaseOutcome<EncodedJSON>

/// The outcome of a release.
public enum ReleaseOutcome<Document: Sendable>: Sendable {
    /// The document to send, with the decision that allowed it.
    case permitted(document: Document, record: ReleaseRecord)
    /// Refused; `reason` is for the audit trail and logs, never for the requester.
    case denied(record: ReleaseRecord)
    /// The footprint could not be rendered in the requested model.
    case failed(message: String, record: ReleaseRecord)

    /// The same outcome with the document transformed.
    public func map<Other: Sendable>(_ transform: (Document) -> Other) -> ReleaseOutcome<Other> {
        switch self {
        case .permitted(let document, let record): .permitted(document: transform(document), record: record)
        case .denied(let record): .denied(record: record)
        case .failed(let message, let record): .failed(message: message, record: record)
        }
    }

    /// What the audit trail keeps about the decision.
    public var record: ReleaseRecord {
        switch self {
        case .permitted(_, let record), .denied(let record), .failed(_, let record): record
        }
    }
}

/// What the audit trail keeps about a release decision.
public struct ReleaseRecord: Sendable {
    private enum Explanation: Sendable {
        case json(JSONValue)
        case decision(Decision)
    }

    private let explanation: Explanation
    /// The mappings applied (ids and content hashes).
    public let mappings: JSONValue
    /// Whether the policy asks for the release to be recorded.
    public let mustRecord: Bool

    /// Why a permitted release was withheld all the same: an obligation that could not be carried out.
    public let unfulfilledObligation: String?

    /// The decision explained (policy, rule, constraints, obligations), with the obligation that
    /// could not be carried out when there was one.
    public var decision: JSONValue {
        var json: JSONValue
        switch explanation {
        case .json(let explained): json = explained
        case .decision(let decision): json = decision.json
        }
        if let unfulfilledObligation, case .object(var members) = json {
            members["unfulfilledObligation"] = .string(unfulfilledObligation)
            json = .object(members)
        }
        return json
    }

    /// Whether the decision's obligations change or remove fields of the document (a redaction,
    /// say): the released document then differs from the stored one in more than its model.
    /// A record made from an explanation alone does not tell, and is taken to.
    public var changesFields: Bool {
        switch explanation {
        case .json: true
        case .decision(let decision): decision.obligations.contains(where: \.changesFields)
        }
    }

    /// Creates a record.
    public init(decision: JSONValue, mappings: JSONValue = .array([]), mustRecord: Bool) {
        self.explanation = .json(decision)
        self.mappings = mappings
        self.mustRecord = mustRecord
        self.unfulfilledObligation = nil
    }

    /// Creates a record of `decision`, explained as JSON only when the record is read: most
    /// releases are not recorded, and explaining is a good part of a decision's cost.
    /// `unfulfilledObligation` says why a permitted release was withheld.
    public init(explaining decision: Decision, mappings: JSONValue = .array([]), unfulfilledObligation: String? = nil, mustRecord: Bool) {
        self.explanation = .decision(decision)
        self.mappings = mappings
        self.unfulfilledObligation = unfulfilledObligation
        self.mustRecord = mustRecord
    }
}
