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
                error(itemPointer, "a field must be a JSON Pointer into the PACT v3.0 footprint, such as `/pcf/pcfExcludingBiogenicUptake`")
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
