import TsunaguCore

extension PolicyReader {
    /// ODRL 2.2 common-vocabulary actions: known, but not ones the gateway performs as a duty.
    static let odrlActions: Set<String> = [
        "acceptTracking", "aggregate", "annotate", "anonymize", "archive", "attribute", "compensate", "concurrentUse",
        "delete", "derive", "digitize", "display", "distribute", "ensureExclusivity", "execute", "extract", "give",
        "grantUse", "include", "index", "inform", "install", "modify", "move", "nextPolicy", "obtainConsent", "play",
        "present", "print", "read", "reproduce", "reviewPolicy", "sell", "stream", "synchronize", "textToSpeech",
        "transfer", "transform", "translate", "uninstall", "use", "watermark",
    ]

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

    /// Reads a duty: an entry of a permission's `duty` or of the policy's `obligation` list.
    mutating func readDuty(_ value: JSONValue, at pointer: JSONPointer) -> DutyPlan? {
        guard case .object(let members) = value else {
            error(pointer, "an obligation must be an object")
            return nil
        }
        let fields = self.fields(
            of: members, at: pointer,
            allowed: ["@type", "@id", "uid", "action", "constraint", "target", "assigner", "assignee",
                      "fields", "scale", "significantDigits", "rounding", "text"],
            context: "obligation")
        guard let (actionValue, actionPointer) = fields["action"] else {
            error(pointer, "an obligation needs an `action`")
            return nil
        }
        guard let action = actionName(actionValue, at: actionPointer) else { return nil }
        let constraint = fields["constraint"].flatMap { readConstraintList($0.0, at: $0.1, rule: .obligation) }
        let work: DutyPlan.Work
        switch action {
        case "redact":
            work = .redact(pointers(fields["fields"], in: pointer))
        case "reducePrecision":
            work = .reducePrecision(pointers(fields["fields"], in: pointer), precision(fields, at: pointer))
        case "notice", "attribute":
            guard let text = fields["text"]?.0.stringValue, !text.isEmpty else {
                error(pointer, "a notice obligation needs its `text`")
                return nil
            }
            work = .notice(text)
        case "recordRelease":
            work = .recordRelease
        case "use":
            work = .contractual
        case let other where Self.odrlActions.contains(other):
            warning(actionPointer, "the gateway cannot fulfil the obligation `\(other)`, so this policy never releases under it")
            work = .unfulfillable(other)
        default:
            error(actionPointer, "unknown obligation `\(action)`; Tsunagu fulfils redact, reducePrecision, notice and recordRelease")
            return nil
        }
        return DutyPlan(work: work, constraint: constraint, pointer: pointer)
    }

    private mutating func pointers(_ field: (JSONValue, JSONPointer)?, in duty: JSONPointer) -> [JSONPointer] {
        guard let (value, pointer) = field else {
            error(duty, "this obligation needs `fields`: JSON Pointers into the PACT v3 document")
            return []
        }
        var result: [JSONPointer] = []
        for (item, itemPointer) in list(value, at: pointer) {
            guard let text = item.stringValue, text.hasPrefix("/"), let parsed = JSONPointer(parsing: text) else {
                error(itemPointer, "a field must be a JSON Pointer such as `/pcf/pCfExcludingBiogenic`")
                continue
            }
            result.append(parsed)
        }
        if result.isEmpty { error(pointer, "`fields` is empty") }
        return result
    }

    private mutating func precision(_ fields: [String: (JSONValue, JSONPointer)], at pointer: JSONPointer) -> Precision {
        var rule = RoundingRule.halfEven
        if let (value, rulePointer) = fields["rounding"] {
            if let parsed = value.stringValue.flatMap(RoundingRule.init(rawValue:)) { rule = parsed } else {
                error(rulePointer, "`rounding` must be one of \(RoundingRule.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        func count(_ name: String, minimum: Int) -> Int? {
            guard let (value, _) = fields[name] else { return nil }
            guard let text = value.numberValue?.text ?? value.stringValue, let number = Int(text), number >= minimum else { return -1 }
            return number
        }
        let scale = count("scale", minimum: 0)
        let digits = count("significantDigits", minimum: 1)
        switch (scale, digits) {
        case (let scale?, nil) where scale >= 0: return .scale(scale, rule: rule)
        case (nil, let digits?) where digits >= 1: return .significantDigits(digits, rule: rule)
        default:
            error(pointer, "reducePrecision needs exactly one of `scale` (0 or more) or `significantDigits` (1 or more)")
            return .scale(0, rule: rule)
        }
    }
}
