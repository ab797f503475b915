import TsunaguCore

extension PolicyReader {
    /// Reads a `permission` or `prohibition` list.
    mutating func rules(_ field: (JSONValue, JSONPointer)?, kind: RuleKind, assignee: String?) -> [RulePlan] {
        guard let (value, pointer) = field else { return [] }
        var result: [RulePlan] = []
        for (index, (item, itemPointer)) in list(value, at: pointer).enumerated() {
            if let rule = readRule(item, at: itemPointer, kind: kind, index: index, policyAssignee: assignee) { result.append(rule) }
        }
        return result
    }

    private mutating func readRule(
        _ value: JSONValue, at pointer: JSONPointer, kind: RuleKind, index: Int, policyAssignee: String?
    ) -> RulePlan? {
        guard case .object(let members) = value else {
            error(pointer, "a \(kind.rawValue) must be an object")
            return nil
        }
        var allowed = ["@type", "@id", "uid", "action", "constraint", "target", "assigner", "assignee"]
        if kind == .permission { allowed += ["duty", "prohibition", "obligation"] }
        let fields = self.fields(of: members, at: pointer, allowed: allowed, context: kind.rawValue)
        if let (_, targetPointer) = fields["target"] {
            // A rule limited to one asset would grant or forbid more than it says if the limit
            // were dropped; the policy's `target` (an EDC offer's asset) is another matter.
            error(targetPointer, "a \(kind.rawValue)'s `target` is not supported: say which footprints a policy covers with tsunagu:assignTo (tenant, productIds) or a ProductId constraint")
        }
        // The EDC writes empty `prohibition` and `obligation` lists inside each permission of a
        // catalogue offer; they mean nothing there, and non-empty ones would be misplaced rules.
        for nested in ["prohibition", "obligation"] {
            if let (value, nestedPointer) = fields[nested], !list(value, at: nestedPointer).isEmpty {
                error(nestedPointer, "`\(nested)` belongs at the policy level, not inside a permission")
            }
        }
        guard let (actionValue, actionPointer) = fields["action"] else {
            error(pointer, "a \(kind.rawValue) needs an `action`")
            return nil
        }
        let actionName = self.actionName(actionValue, at: actionPointer)
        var actions: Set<PolicyAction> = []
        switch actionName {
        case "use", "access":
            // Distributing is a use of the data (ODRL: distribute is included in use), so a
            // prohibition on use also stops distribution; a permission to use does not grant it.
            actions = kind == .prohibition ? [.use, .distribute] : [.use]
        case "distribute":
            actions = [.distribute]
        case nil:
            break
        case let other?:
            error(actionPointer, "Tsunagu governs the actions use, access and distribute; `\(other)` cannot be enforced")
        }
        let constraint = fields["constraint"].flatMap { readConstraintList($0.0, at: $0.1, rule: kind) }
        let assignee = fields["assignee"].flatMap { party($0.0, at: $0.1) } ?? policyAssignee
        var duties: [DutyPlan] = []
        if let (dutyValue, dutyPointer) = fields["duty"] {
            for (item, itemPointer) in list(dutyValue, at: dutyPointer) {
                if let duty = readDuty(item, at: itemPointer) { duties.append(duty) }
            }
        }
        return RulePlan(
            kind: kind, index: index, actionName: actionName ?? "", actions: actions, constraint: constraint,
            assignee: assignee, duties: duties, pointer: pointer)
    }

    /// The local name of an action written as a string, an `@id` object, or a one-element array of either.
    mutating func actionName(_ value: JSONValue, at pointer: JSONPointer) -> String? {
        var text: String?
        switch value {
        case .string(let string): text = string
        case .object(let members):
            if members.keys.contains(where: { $0 != "@id" && $0 != "@type" }) {
                error(pointer, "action refinements are not supported; write the action as a name")
                return nil
            }
            text = members["@id"]?.stringValue
        case .array(let items) where items.count == 1:
            return actionName(items[0], at: pointer.appending(0))
        default: break
        }
        guard let text else {
            error(pointer, "an action must be a name such as `use`")
            return nil
        }
        guard let resolved = resolveTerm(text) else {
            error(pointer, "the action `\(text)` uses a prefix Tsunagu does not know")
            return nil
        }
        return resolved.local
    }
}
