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
        return constraint?.isSatisfied(by: request, absentFacts: AbsentFacts(kind)) ?? true
    }

    func reason(_ kind: DecisionReason.Kind, policy: PolicyPlan, request: DecisionRequest, unfulfilled: [String] = []) -> DecisionReason {
        DecisionReason(
            kind: kind, action: request.action, footprintID: request.footprint.footprintID, unfulfilled: unfulfilled, file: policy.file, policyID: policy.id, rule: self.kind.rawValue,
            ruleIndex: index, pointer: pointer, weighed: constraint.map { [$0] } ?? [], request: request)
    }
}

extension DutyPlan {
    /// Adds what this duty asks of the gateway, or its name to `missing` when the gateway cannot do it.
    func collect(into obligations: inout [Obligation], missing: inout [String], policyID: String) {
        switch work {
        case .redact(let fields): obligations.append(.redact(fields))
        case .reducePrecision(let fields, let precision): obligations.append(.reducePrecision(fields, precision))
        case .notice(let text): obligations.append(.notice(text: text, policyID: policyID))
        case .recordRelease: obligations.append(.recordRelease)
        case .contractual: break
        case .unfulfillable(let action): missing.append(action)
        }
    }
}

extension PolicyPlan {
    /// Weighs the policy's rules: a prohibition that applies denies; otherwise the first permission
    /// that applies and whose obligations the gateway can fulfil permits; otherwise deny.
    func evaluate(_ request: DecisionRequest) -> PolicyVerdict {
        var prohibitedBy: [DecisionReason] = []
        for rule in prohibitions where rule.applies(to: request) {
            prohibitedBy.append(rule.reason(.prohibited, policy: self, request: request))
        }
        if !prohibitedBy.isEmpty { return PolicyVerdict(isPermitted: false, reasons: prohibitedBy, obligations: []) }

        var unfulfillable: [DecisionReason] = []
        for rule in permissions where rule.applies(to: request) {
            var obligations: [Obligation] = []
            var missing: [String] = []
            for duty in rule.duties where duty.constraint?.isSatisfied(by: request, absentFacts: .excuseNothing) ?? true { duty.collect(into: &obligations, missing: &missing, policyID: id) }
            for duty in self.obligations where duty.constraint?.isSatisfied(by: request, absentFacts: .excuseNothing) ?? true { duty.collect(into: &obligations, missing: &missing, policyID: id) }
            if !missing.isEmpty {
                unfulfillable.append(rule.reason(.obligationNotFulfillable, policy: self, request: request, unfulfilled: missing))
                continue
            }
            let granted = rule.reason(.permitted, policy: self, request: request)
            return PolicyVerdict(isPermitted: true, reasons: [granted], obligations: obligations)
        }
        if !unfulfillable.isEmpty { return PolicyVerdict(isPermitted: false, reasons: unfulfillable, obligations: []) }
        let none = DecisionReason(
            kind: .noApplicablePermission, action: request.action, footprintID: request.footprint.footprintID, unfulfilled: [],
            file: file, policyID: id, rule: nil, ruleIndex: nil, pointer: nil,
            weighed: permissions.filter { $0.actions.contains(request.action) }.compactMap(\.constraint), request: request)
        return PolicyVerdict(isPermitted: false, reasons: [none], obligations: [])
    }
}
