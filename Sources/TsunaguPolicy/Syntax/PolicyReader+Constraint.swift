import Foundation
import TsunaguCore

extension PolicyReader {
    /// A rule's `constraint`: one constraint or a list of them, all of which must hold.
    mutating func readConstraintList(_ value: JSONValue, at pointer: JSONPointer, rule: RuleKind) -> ConstraintPlan? {
        let items = list(value, at: pointer)
        if items.isEmpty {
            error(pointer, "an empty constraint list; leave `constraint` out for a rule without conditions")
            return nil
        }
        let plans = items.compactMap { readConstraint($0.0, at: $0.1, rule: rule) }
        guard plans.count == items.count else { return nil }
        return plans.count == 1 ? plans[0] : .and(plans)
    }

    private static let logicalNames = ["and", "or", "xone", "andSequence"]

    mutating func readConstraint(_ value: JSONValue, at pointer: JSONPointer, rule: RuleKind) -> ConstraintPlan? {
        if isCompact, case .string(let text) = value { return readCompact(text, at: pointer, rule: rule) }
        guard case .object(let members) = value else {
            error(pointer, "a constraint must be an object with leftOperand, operator and rightOperand, or and/or/xone")
            return nil
        }
        let logical = members.keys.filter { key in Self.logicalNames.contains(resolveTerm(key)?.local ?? "") }
        if !logical.isEmpty {
            let fields = self.fields(of: members, at: pointer, allowed: ["@type", "@id", "uid"] + Self.logicalNames, context: "logical constraint")
            let present = Self.logicalNames.filter { fields[$0] != nil }
            guard present.count == 1, let name = present.first, let (operands, operandsPointer) = fields[name] else {
                error(pointer, "a logical constraint takes exactly one of and, or, xone")
                return nil
            }
            let items = list(operands, at: operandsPointer)
            guard !items.isEmpty else {
                error(operandsPointer, "`\(name)` has no constraints")
                return nil
            }
            let plans = items.compactMap { readConstraint($0.0, at: $0.1, rule: rule) }
            guard plans.count == items.count else { return nil }
            checkAgreedAlternatives(plans, at: items.map(\.1), in: name, rule: rule)
            switch name {
            case "or": return .or(plans)
            case "xone": return .xone(plans)
            default: return .and(plans)
            }
        }
        let fields = self.fields(of: members, at: pointer, allowed: ["@type", "@id", "uid", "leftOperand", "operator", "rightOperand"], context: "constraint")
        guard let (left, leftPointer) = fields["leftOperand"], let (comparison, operatorPointer) = fields["operator"],
            let (right, rightPointer) = fields["rightOperand"]
        else {
            error(pointer, "a constraint needs leftOperand, operator and rightOperand")
            return nil
        }
        return atom(left: left, leftPointer, comparison: comparison, operatorPointer, right: right, rightPointer, at: pointer, rule: rule)
    }

    /// The compact YAML form `LeftOperand operator value`, e.g. `BusinessPartnerNumber isAnyOf [BPNL000000000001]`.
    private mutating func readCompact(_ text: String, at pointer: JSONPointer, rule: RuleKind) -> ConstraintPlan? {
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count == 3, let right = YAMLDocument.value(String(parts[2])) else {
            error(pointer, "a compact constraint reads `LeftOperand operator value`, found `\(text)`")
            return nil
        }
        // `isAnyOf a, b` is one value "a, b", which matches nothing: a list needs its brackets.
        if case .string(let value) = right, value.contains(","), ConstraintOperator(rawValue: String(parts[1]))?.takesList == true {
            error(pointer, "`\(value)` is one value with a comma in it; write the list in brackets: \(parts[0]) \(parts[1]) [\(value)]")
            return nil
        }
        return atom(left: .string(String(parts[0])), pointer, comparison: .string(String(parts[1])), pointer,
                    right: right, pointer, at: pointer, rule: rule)
    }

    private mutating func name(_ value: JSONValue) -> String? {
        if case .array(let items) = value, items.count == 1 { return name(items[0]) }
        return value.stringValue ?? value["@id"]?.stringValue ?? value["@value"]?.stringValue
    }

    private mutating func atom(
        left: JSONValue, _ leftPointer: JSONPointer, comparison: JSONValue, _ operatorPointer: JSONPointer,
        right: JSONValue, _ rightPointer: JSONPointer, at pointer: JSONPointer, rule: RuleKind
    ) -> ConstraintPlan? {
        guard let leftText = name(left) else {
            error(leftPointer, "leftOperand must be a name")
            return nil
        }
        guard let resolved = resolveTerm(leftText), let operand = LeftOperand.named(resolved.local),
            resolved.namespace == nil || resolved.namespace == operand.namespace
                || (operand.namespace == .catenaX && resolved.namespace == .edc)
        else {
            error(leftPointer, "unknown left operand `\(leftText)`: Tsunagu rejects constraints it cannot evaluate")
            return nil
        }
        guard let operatorText = name(comparison), let operatorName = resolveTerm(operatorText),
            operatorName.namespace == nil || operatorName.namespace == .odrl,
            let op = ConstraintOperator(rawValue: operatorName.local)
        else {
            error(operatorPointer, "unknown operator \(comparison.jsonText); expected one of \(ConstraintOperator.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        var values: [String] = []
        for (item, itemPointer) in list(right, at: rightPointer) {
            switch item {
            case .string(let text): values.append(text)
            case .number(let number): values.append(number.text)
            case .bool(let flag): values.append(flag ? "true" : "false")
            case .object(let members) where members["@value"] != nil || members["@id"] != nil:
                if let text = members["@value"]?.stringValue ?? members["@value"]?.numberValue?.text { values.append(text) }
                else if let id = members["@id"]?.stringValue {
                    values.append(resolveTerm(id).flatMap { $0.namespace == nil ? nil : $0.local } ?? id)
                } else { error(itemPointer, "a right operand value must be text") }
            default: error(itemPointer, "a right operand value must be text, a number or an `@id`/`@value` object")
            }
        }
        if values.isEmpty {
            error(rightPointer, "rightOperand is empty")
            return nil
        }
        let text = "\(operand.rawValue) \(op.rawValue) " + (values.count == 1 && !op.takesList ? values[0] : "[\(values.joined(separator: ", "))]")
        let compiled = compile(operand, op, values, at: pointer, rightPointer: rightPointer, rule: rule, text: text)
        return compiled.map(ConstraintPlan.atom)
    }

    /// The Catena-X usage restrictions (cx-policy `UsageRestriction` values).
    static let usageRestrictions: Set<String> = [AtomicConstraint.thirdPartyForbidden, "cx.manipulation.forbidden:1"]

    private mutating func compile(
        _ operand: LeftOperand, _ op: ConstraintOperator, _ values: [String], at pointer: JSONPointer,
        rightPointer: JSONPointer, rule: RuleKind, text: String
    ) -> AtomicConstraint? {
        var date: Date?
        var relative: Double?
        var days: Int?
        func allowed(_ operators: [ConstraintOperator]) -> Bool {
            if operators.contains(op) { return true }
            error(pointer, "\(operand.rawValue) takes the operators \(operators.map(\.rawValue).joined(separator: ", ")), not \(op.rawValue)")
            return false
        }
        func single() -> String? {
            if values.count == 1 { return values[0] }
            error(rightPointer, "\(op.rawValue) takes one value, found \(values.count)")
            return nil
        }
        switch operand.kind {
        case .single, .set:
            if op.isComparison {
                error(pointer, "\(operand.rawValue) is text; the operator \(op.rawValue) orders dates and cannot apply")
                return nil
            }
            if !op.takesList, single() == nil { return nil }
            if operand == .businessPartnerNumber {
                // BPNs are compared exactly: one written in lower case would never match; another
                // form (an example's placeholder) only matches a requester presenting that text.
                for value in values where BusinessPartnerNumber(value) == nil {
                    if BusinessPartnerNumber(value.uppercased()) != nil {
                        error(rightPointer, "`\(value)` is not a business partner number as requesters present it; write `\(value.uppercased())` (BPNs are compared exactly)")
                    } else {
                        warning(rightPointer, "`\(value)` is not of the Catena-X BPN form (BPNL and 12 upper-case letters or digits): it matches only a requester presenting exactly this text")
                    }
                }
            }
            if operand == .ecosystem || operand == .originEcosystem {
                for value in values where Ecosystem(rawValue: value) == nil {
                    error(rightPointer, "unknown ecosystem `\(value)`; expected pact, catenax or ouranos")
                }
            }
        case .date:
            guard allowed([.eq, .neq, .lt, .lteq, .gt, .gteq]), let value = single() else { return nil }
            guard let parsed = TimeText.parse(value) else {
                error(rightPointer, "`\(value)` is not a date-time (RFC 3339, e.g. 2027-12-15T12:00:00Z)")
                return nil
            }
            date = parsed
        case .special:
            switch operand {
            case .inForceDate:
                guard allowed([.eq, .neq, .lt, .lteq, .gt, .gteq]), let value = single() else { return nil }
                if let seconds = TimeText.secondsAfterContractAgreement(value) { relative = seconds }
                else if let parsed = TimeText.parse(value) { date = parsed }
                else {
                    error(rightPointer, "`\(value)` is neither a date-time nor `contractAgreement+<n>(s|m|h|d)`")
                    return nil
                }
            case .dataUsageEndDate:
                guard allowed([.eq, .lteq, .lt]), let value = single() else { return nil }
                guard let parsed = TimeText.parse(value) else {
                    error(rightPointer, "`\(value)` is not a date-time (RFC 3339, e.g. 2027-12-15T12:00:00Z)")
                    return nil
                }
                date = parsed
            case .dataUsageEndDurationDays:
                guard allowed([.eq, .lteq, .lt]), let value = single() else { return nil }
                guard let count = Int(value), count >= 0 else {
                    error(rightPointer, "`\(value)` is not a whole number of days")
                    return nil
                }
                days = count
            default:
                guard allowed([.eq, .isAnyOf, .isAllOf]) else { return nil }
                if !op.takesList, single() == nil { return nil }
                if rule != .prohibition {
                    error(pointer, "UsageRestriction states what is forbidden and belongs in a prohibition")
                    return nil
                }
                for value in values where !Self.usageRestrictions.contains(value) {
                    // A restriction spelt another way would silently never apply.
                    if let meant = Self.usageRestrictions.first(where: { $0.lowercased() == value.lowercased() }) {
                        error(rightPointer, "`\(value)` is not a Catena-X usage restriction; write `\(meant)` (restrictions are compared exactly)")
                    } else {
                        warning(rightPointer, "`\(value)` is not a usage restriction the gateway knows (\(Self.usageRestrictions.sorted().joined(separator: ", "))): it changes no release")
                    }
                }
            }
        case .contractTerm:
            break
        }
        let constraint = AtomicConstraint(
            operand: operand, comparison: op, values: values, valueSet: Set(values), date: date,
            wholeDay: date != nil && values.first.map(TimeText.isDay) == true, secondsAfterContractStart: relative, days: days,
            agreements: operand == .frameworkAgreement ? values.map(FrameworkAgreement.init) : [], pointer: pointer, text: text)
        if operand.kind == .contractTerm {
            contractTerms.append(constraint)
            diagnostics.append(Diagnostic(
                .note, file: file, line: lineOf(pointer), pointer: pointer,
                message: "`\(text)` is a contract term: it holds, and decisions list it, but the gateway cannot check it"))
        }
        return constraint
    }
}
