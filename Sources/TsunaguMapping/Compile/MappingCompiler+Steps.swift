import TsunaguCore

extension MappingCompiler {
    static let bareSteps: [String: Step] = [
        "to-decimal-string": .toDecimalString, "to-number": .toNumber, "count": .count, "first": .first, "wrap": .wrap, "unique": .unique,
    ]
    static let stepNames = [
        "to-decimal-string", "to-number", "table", "multiply", "divide", "add", "subtract", "round", "convert", "count",
        "first", "join", "strip-prefix", "add-prefix", "find-prefix", "date-time", "wrap", "before", "after", "unique", "keep",
    ]

    mutating func compileSteps(_ node: SyntaxNode, scope: Scope) -> [Step] {
        guard let elements = node.elements else {
            error(node.line, "steps must be a list, for example [to-decimal-string] or [{table: unit}]")
            return []
        }
        return elements.compactMap { compileStep($0, scope: scope) }
    }

    private mutating func unknownStep(_ name: String, line: Int) {
        error(line, "unknown step '\(name)' (steps: \(Self.stepNames.joined(separator: ", ")))")
    }

    mutating func compileStep(_ node: SyntaxNode, scope: Scope) -> Step? {
        if let name = node.scalarText {
            if let step = Self.bareSteps[name] { return step }
            if Self.stepNames.contains(name) {
                error(node.line, "step '\(name)' needs an argument: write {\(name): …}")
            } else {
                unknownStep(name, line: node.line)
            }
            return nil
        }
        guard let members = node.members, members.count == 1, let member = members.first else {
            error(node.line, "a step is a name (count) or a mapping with one key ({table: unit})")
            return nil
        }
        let argument = member.value
        let line = member.keyLine
        switch member.key {
        case "table":
            guard let name = scalar(argument, "table") else { return nil }
            guard let table = tables[name] else {
                let known = tables.keys.sorted().joined(separator: ", ")
                error(line, "unknown table '\(name)'" + (known.isEmpty ? " (the file has no tables:)" : " (tables: \(known))"))
                return nil
            }
            return .table(table)
        case "multiply": return operand(argument, scope: scope).map(Step.multiply)
        case "add": return operand(argument, scope: scope).map(Step.add)
        case "subtract": return operand(argument, scope: scope).map(Step.subtract)
        case "divide":
            if argument.members != nil {
                checkKeys(argument, allowed: ["by", "scale", "rounding"], in: "divide")
                guard let byNode = argument["by"] else {
                    error(argument.line, "divide needs by: (a decimal or a path)")
                    return nil
                }
                guard let by = nonZeroDivisor(byNode, scope: scope) else { return nil }
                let scale = argument["scale"].flatMap { nonNegativeInteger($0, "scale") }
                let rounding = (argument["rounding"].map { roundingRule($0) } ?? nil) ?? .halfEven
                if argument["rounding"] != nil && argument["scale"] == nil {
                    error(argument.line, "divide has rounding: but no scale: (how many decimals to keep)")
                }
                return .divide(by, scale: scale, rounding: rounding)
            }
            return nonZeroDivisor(argument, scope: scope).map { .divide($0, scale: nil, rounding: .halfEven) }
        case "round":
            checkKeys(argument, allowed: ["scale", "rounding"], in: "round")
            guard let scaleNode = argument["scale"], let scale = nonNegativeInteger(scaleNode, "scale") else {
                error(argument.line, "round needs scale: (the number of decimals to keep)")
                return nil
            }
            return .round(scale: scale, rounding: (argument["rounding"].map { roundingRule($0) } ?? nil) ?? .halfEven)
        case "convert":
            checkKeys(argument, allowed: ["from", "to"], in: "convert")
            guard let fromName = argument["from"]?.scalarText, let toName = argument["to"]?.scalarText else {
                error(argument.line, "convert needs from: and to: units (\(Units.names))")
                return nil
            }
            guard let from = Units.known[fromName], let to = Units.known[toName] else {
                error(argument.line, "unknown unit in convert \(fromName) → \(toName) (units: \(Units.names))")
                return nil
            }
            guard from.dimension == to.dimension else {
                error(argument.line, "cannot convert \(fromName) (\(from.dimension)) to \(toName) (\(to.dimension))")
                return nil
            }
            return .convert(multiplier: from.size, divisor: to.size, description: "\(fromName) → \(toName)")
        case "join": return scalar(argument, "join").map(Step.join)
        case "strip-prefix": return nonEmpty(argument, "strip-prefix").map(Step.stripPrefix)
        case "add-prefix":
            if argument.members != nil {
                checkKeys(argument, allowed: ["prefix", "unless"], in: "add-prefix")
                guard let prefixNode = argument["prefix"], let prefix = nonEmpty(prefixNode, "add-prefix prefix") else {
                    error(argument.line, "add-prefix needs prefix: (the text to put in front)")
                    return nil
                }
                return .addPrefix(prefix, unless: argument["unless"].flatMap { nonEmpty($0, "add-prefix unless") })
            }
            return nonEmpty(argument, "add-prefix").map { .addPrefix($0, unless: nil) }
        case "keep":
            guard let name = scalar(argument, "keep") else { return nil }
            guard let check = ValueCheck(rawValue: name) else {
                error(line, "unknown check '\(name)' (checks: \(ValueCheck.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            return .keep(check)
        case "find-prefix": return nonEmpty(argument, "find-prefix").map(Step.findPrefix)
        case "before": return nonEmpty(argument, "before").map(Step.before)
        case "after": return nonEmpty(argument, "after").map(Step.after)
        case "date-time":
            guard let name = scalar(argument, "date-time") else { return nil }
            guard let format = DateTimeFormat(rawValue: name) else {
                error(line, "unknown date-time format '\(name)' (formats: \(DateTimeFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            return .dateTime(format)
        default:
            if Self.bareSteps[member.key] != nil {
                error(line, "step '\(member.key)' takes no argument: write it as a plain name")
            } else {
                unknownStep(member.key, line: line)
            }
            return nil
        }
    }

    private mutating func nonEmpty(_ node: SyntaxNode, _ what: String) -> String? {
        guard let text = scalar(node, what) else { return nil }
        if text.isEmpty {
            error(node.line, "\(what) needs a non-empty text")
            return nil
        }
        return text
    }

    mutating func operand(_ node: SyntaxNode, scope: Scope) -> Operand? {
        guard let text = scalar(node, "operand") else { return nil }
        if text.hasPrefix("/") || text.hasPrefix("./") {
            return path(node, scope: scope, isTarget: false, what: "operand").map(Operand.path)
        }
        guard let value = ExactDecimal(parsing: text) else {
            error(node.line, "'\(text)' is neither a decimal (\"1000\") nor a path (/…)")
            return nil
        }
        return .constant(value)
    }

    /// A divisor: a path, or a decimal other than zero (which would fail every translation).
    private mutating func nonZeroDivisor(_ node: SyntaxNode, scope: Scope) -> Operand? {
        let divisor = operand(node, scope: scope)
        if case .constant(let value)? = divisor, value.isZero {
            error(node.line, "divide by \(node.scalarText ?? "0") would fail every translation; give a divisor other than zero")
            return nil
        }
        return divisor
    }

    mutating func nonNegativeInteger(_ node: SyntaxNode, _ what: String) -> Int? {
        guard let text = scalar(node, what), let value = Int(text), value >= 0, value <= 64 else {
            error(node.line, "\(what) must be a whole number from 0 to 64")
            return nil
        }
        return value
    }

    mutating func roundingRule(_ node: SyntaxNode) -> RoundingRule? {
        guard let text = scalar(node, "rounding") else { return nil }
        guard let rule = RoundingRule(rawValue: text) else {
            error(node.line, "unknown rounding '\(text)' (roundings: \(RoundingRule.allCases.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        return rule
    }
}
