import TsunaguCore

/// One policy's verdict on a request.
struct PolicyVerdict: Sendable {
    let isPermitted: Bool
    let reasons: [DecisionReason]
    let obligations: [Obligation]
}

extension RulePlan {
    /// Whether the rule governs this request: its action, its assignee and its constraints.
    func applies(to request: DecisionRequest) -> Bool {
        guard actions.contains(request.action) else { return false }
        if let assignee {
            let requester = request.requester
            guard assignee == requester.businessPartnerNumber || assignee == requester.clientID
                || assignee == requester.corporateNumber || assignee == requester.tenant
            else { return false }
        }
        return constraint?.isSatisfied(by: request) ?? true
    }

    func reason(_ kind: DecisionReason.Kind, _ message: String, policy: PolicyPlan, request: DecisionRequest) -> DecisionReason {
        DecisionReason(
            kind: kind, message: message, file: policy.file, policyID: policy.id, rule: self.kind.rawValue,
            ruleIndex: index, pointer: pointer, constraints: constraint?.outcomes(for: request) ?? [])
    }
}

extension PolicyPlan {
    /// Weighs the policy's rules: a prohibition that applies denies; otherwise the first permission
    /// that applies and whose obligations the gateway can fulfil permits; otherwise deny.
    func evaluate(_ request: DecisionRequest) -> PolicyVerdict {
        var prohibitedBy: [DecisionReason] = []
        for rule in prohibitions where rule.applies(to: request) {
            prohibitedBy.append(rule.reason(.prohibited, "prohibition \(rule.index) of \(id) forbids \(request.action.rawValue)", policy: self, request: request))
        }
        if !prohibitedBy.isEmpty { return PolicyVerdict(isPermitted: false, reasons: prohibitedBy, obligations: []) }

        var unfulfillable: [DecisionReason] = []
        for rule in permissions where rule.applies(to: request) {
            var obligations: [Obligation] = []
            var missing: [String] = []
            for duty in rule.duties + self.obligations where duty.constraint?.isSatisfied(by: request) ?? true {
                switch duty.work {
                case .redact(let fields): obligations.append(.redact(fields))
                case .reducePrecision(let fields, let precision): obligations.append(.reducePrecision(fields, precision))
                case .notice(let text): obligations.append(.notice(text: text, policyID: id))
                case .recordRelease: obligations.append(.recordRelease)
                case .contractual: break
                case .unfulfillable(let action): missing.append(action)
                }
            }
            if !missing.isEmpty {
                unfulfillable.append(rule.reason(
                    .obligationNotFulfillable,
                    "permission \(rule.index) of \(id) applies but requires \(missing.joined(separator: ", ")), which the gateway cannot fulfil",
                    policy: self, request: request))
                continue
            }
            let granted = rule.reason(.permitted, "permission \(rule.index) of \(id) grants \(request.action.rawValue)", policy: self, request: request)
            return PolicyVerdict(isPermitted: true, reasons: [granted], obligations: obligations)
        }
        if !unfulfillable.isEmpty { return PolicyVerdict(isPermitted: false, reasons: unfulfillable, obligations: []) }
        let none = DecisionReason(
            kind: .noApplicablePermission,
            message: permissions.isEmpty
                ? "policy \(id) grants nothing (deny by default)"
                : "no permission of policy \(id) applies to \(request.action.rawValue) by this requester",
            file: file, policyID: id, rule: nil, ruleIndex: nil, pointer: nil,
            constraints: permissions.filter { $0.actions.contains(request.action) }.flatMap { $0.constraint?.outcomes(for: request) ?? [] })
        return PolicyVerdict(isPermitted: false, reasons: [none], obligations: [])
    }
}
