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
        var members: JSONObject = [
            "constraint": .string(constraint), "pointer": .string(pointer.description), "satisfied": .bool(isSatisfied),
        ]
        if isContractTerm { members["note"] = "contract term: agreed in the contract, not checked by the gateway" }
        return .object(members)
    }
}

/// Why a decision came out as it did: the policy and rule that decided, and their constraints.
public struct DecisionReason: Sendable {
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
    /// The action decided about.
    public let action: PolicyAction
    /// The footprint concerned.
    public let footprintID: String
    /// Obligations the gateway could not fulfil, for ``Kind/obligationNotFulfillable``.
    public let unfulfilled: [String]
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
    /// The constraints that were weighed (kept so ``constraints`` is worked out only when asked for).
    let weighed: [ConstraintPlan]
    /// The request, for working out ``constraints``.
    let request: DecisionRequest?

    /// The rule's constraints and how each came out for the request.
    public var constraints: [ConstraintOutcome] {
        guard let request else { return [] }
        let absentFacts = rule.flatMap(RuleKind.init(rawValue:)).map(AbsentFacts.init) ?? .grantNothing
        return weighed.flatMap { $0.outcomes(for: request, absentFacts: absentFacts) }
    }

    /// A sentence for people; built only when asked for, so deciding stays cheap.
    public var message: String {
        let policy = policyID ?? ""
        switch kind {
        case .permitted: return "permission \(ruleIndex ?? 0) of \(policy) grants \(action.rawValue)"
        case .prohibited: return "prohibition \(ruleIndex ?? 0) of \(policy) forbids \(action.rawValue)"
        case .noApplicablePermission: return "no permission of policy \(policy) applies to \(action.rawValue) by this requester (deny by default)"
        case .noPolicyAssigned: return "no policy is assigned to footprint \(footprintID)"
        case .obligationNotFulfillable:
            return "permission \(ruleIndex ?? 0) of \(policy) applies but requires \(unfulfilled.joined(separator: ", ")), which the gateway cannot fulfil"
        }
    }

    /// The reason as JSON.
    public var json: JSONValue {
        var members: JSONObject = ["kind": .string(kind.rawValue), "message": .string(message)]
        if let file { members["file"] = .string(file) }
        if let policyID { members["policy"] = .string(policyID) }
        if let rule { members["rule"] = .string(rule) }
        if let ruleIndex { members["ruleIndex"] = .number(JSONNumber(ruleIndex)) }
        if let pointer { members["pointer"] = .string(pointer.description) }
        if !constraints.isEmpty { members["constraints"] = .array(constraints.map(\.json)) }
        return .object(members)
    }
}
