import TsunaguCore

/// The policy engine's answer to one ``DecisionRequest``, with everything needed to explain it.
public struct Decision: Sendable {
    /// Whether the gateway may perform the action.
    public let isPermitted: Bool
    /// What decided: the rules and constraints, in the order they were weighed.
    public let reasons: [DecisionReason]
    /// What the gateway must do with the document it releases (empty when denied).
    public let obligations: [Obligation]
    /// The action asked about.
    public let action: PolicyAction
    /// The footprint asked about.
    public let footprintID: String
    /// The policies that governed the footprint (file and id), most specific ones only.
    public let policies: [PolicyReference]

    /// Whether the release must be recorded in the audit trail (an obligation of a policy).
    public var recordsRelease: Bool { obligations.contains(.recordRelease) }

    /// Applies the obligations to the canonical PACT v3 document: redaction, precision reduction
    /// and the usage notice, in the order the policy lists them.
    /// - Throws: ``PolicyError`` when the decision denies or an obligation cannot be carried out;
    ///   the gateway must then withhold the document.
    public func apply(to document: JSONValue) throws(PolicyError) -> JSONValue {
        guard isPermitted else { throw .notPermitted }
        var result = document
        for obligation in obligations { try obligation.apply(to: &result) }
        return result
    }

    /// The decision as JSON: what `tsunagu policy eval` prints and the audit trail stores.
    public var json: JSONValue {
        [
            "decision": .string(isPermitted ? "permit" : "deny"),
            "action": .string(action.rawValue),
            "footprint": .string(footprintID),
            "policies": .array(policies.map(\.json)),
            "reasons": .array(reasons.map(\.json)),
            "obligations": .array(obligations.map(\.json)),
            "recordsRelease": .bool(recordsRelease),
        ]
    }
}

/// A policy named in a decision.
public struct PolicyReference: Sendable, Hashable {
    /// The file it was loaded from.
    public let file: String
    /// Its id.
    public let id: String
    /// The specificity of its assignment (product 4 + classification 2 + tenant 1).
    public let specificity: Int
    /// The hash of the file's content when it was loaded (see ``PolicyPlan/contentHash``).
    public var contentHash: String = ""

    /// The reference as JSON.
    public var json: JSONValue {
        var members: JSONObject = ["file": .string(file), "id": .string(id), "specificity": .number(JSONNumber(specificity))]
        if !contentHash.isEmpty { members["contentHash"] = .string(contentHash) }
        return .object(members)
    }
}
