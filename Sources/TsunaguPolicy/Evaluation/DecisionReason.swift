import TsunaguCore

/// One constraint as it was evaluated for a decision.
public struct ConstraintOutcome: Sendable, Hashable {
    /// The constraint as written (`BusinessPartnerNumber isAnyOf [BPNL…]`).
    public let constraint: String
    /// Where it is in its policy file.
    public let pointer: JSONPointer
    /// Whether the request satisfied it.
    public let isSatisfied: Bool
    /// A Catena-X contract term: agreed by the requester in its contract, recorded but not checked.
    public let isContractTerm: Bool

    /// The outcome as JSON.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "constraint": .string(constraint), "pointer": .string(pointer.description), "satisfied": .bool(isSatisfied),
        ]
        if isContractTerm { members["note"] = "contract term: agreed in the contract, not checked by the gateway" }
        return .object(members)
    }
}

/// Why a decision came out as it did: the policy and rule that decided, and their constraints.
public struct DecisionReason: Sendable, Hashable {
    /// The kind of reason.
    public enum Kind: String, Sendable, Hashable {
        /// A permission applied and granted the action.
        case permitted
        /// A prohibition applied and forbade the action.
        case prohibited
        /// The policy has no permission that applies to this request.
        case noApplicablePermission
        /// No policy is assigned to the footprint.
        case noPolicyAssigned
        /// A permission applied but carries an obligation the gateway cannot fulfil.
        case obligationNotFulfillable
    }

    /// The kind of reason.
    public let kind: Kind
    /// A sentence for people.
    public let message: String
    /// The policy file, when a policy decided.
    public let file: String?
    /// The policy id.
    public let policyID: String?
    /// `permission`, `prohibition` or `obligation`.
    public let rule: String?
    /// The rule's index in its list.
    public let ruleIndex: Int?
    /// Where the rule is in its file.
    public let pointer: JSONPointer?
    /// The rule's constraints and how each came out.
    public let constraints: [ConstraintOutcome]

    /// The reason as JSON.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["kind": .string(kind.rawValue), "message": .string(message)]
        if let file { members["file"] = .string(file) }
        if let policyID { members["policy"] = .string(policyID) }
        if let rule { members["rule"] = .string(rule) }
        if let ruleIndex { members["ruleIndex"] = .number(JSONNumber(ruleIndex)) }
        if let pointer { members["pointer"] = .string(pointer.description) }
        if !constraints.isEmpty { members["constraints"] = .array(constraints.map(\.json)) }
        return .object(members)
    }
}
