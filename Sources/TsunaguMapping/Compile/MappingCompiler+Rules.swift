import TsunaguCore

extension MappingCompiler {
    static let ruleKeys: Set<String> = [
        "to", "from", "value", "context", "template", "sum", "each", "rules", "map", "steps", "default", "because", "when", "fills",
    ]

    mutating func compileRules(_ node: SyntaxNode, scope: Scope) -> [CompiledRule] {
        guard let elements = node.elements else {
            error(node.line, "rules must be a list of rules (each starting with '- to:')")
            return []
        }
        var rules: [CompiledRule] = []
        // The targets an earlier rule of this list may fill by default (or with a value the
        // source did not give): a later rule writing one replaces the fill in the loss report.
        var defaulted: Set<String> = []
        let shadowed = Self.shadowedRules(elements)
        for (position, element) in elements.enumerated() {
            guard let rule = compileRule(element, scope: scope, replacingDefaultsAt: defaulted, shadowed: shadowed[position]) else { continue }
            if rule.mayRecordDefault { defaulted.insert(rule.target.text) }
            rules.append(rule)
        }
        reportOverwrittenRules(rules)
        return rules
    }

    /// For each rule of a list, whether a later rule may write its target, or a container above
    /// it, again. Only a target of members and indices can be found again in the output; a later
    /// target with `*`, `-` or a selector may write anywhere its other tokens allow.
    static func shadowedRules(_ elements: [SyntaxNode]) -> [Bool] {
        let targets = elements.map { element -> [MappingPath.Token]? in
            guard let text = element["to"]?.scalarText, case .success(let path) = MappingPath.parse(String(text)) else { return nil }
            return path.tokens
        }
        return targets.indices.map { position in
            guard let target = targets[position], target.allSatisfy({ $0.literal != nil }) else { return false }
            return targets[(position + 1)...].contains { later in
                guard let later, later.count <= target.count else { return false }
                return zip(later, target).allSatisfy { written, own in written.literal == nil || written.literal == own.literal }
            }
        }
    }

    /// A rule whose target a later rule of the same list always writes again never shows in any
    /// output: two rules meant for different places with one target copied, say. Layered rules (a
    /// default first, then a value that is written only when the source has it) are what a
    /// mapping means and pass; only a later rule without condition that always gives a value (a
    /// constant, or a default) makes an earlier one dead.
    private mutating func reportOverwrittenRules(_ rules: [CompiledRule]) {
        for (position, rule) in rules.enumerated() where rule.target.tokens.allSatisfy({ $0.literal != nil }) {
            guard let later = rules[(position + 1)...].first(where: { $0.target.tokens == rule.target.tokens && $0.alwaysWrites }) else { continue }
            error(rule.line, "this rule never shows: the rule at line \(later.line) writes \(rule.target.text) after it, always; remove one, or give the later one a when:")
        }
    }

    mutating func namedMap(_ name: String, line: Int) -> [CompiledRule]? {
        if let compiled = compiledMaps[name] { return compiled }
        guard let node = mapNodes[name] else {
            let known = mapNodes.keys.sorted().joined(separator: ", ")
            error(line, "unknown map '\(name)'" + (known.isEmpty ? " (the file has no maps:)" : " (maps: \(known))"))
            return nil
        }
        guard mapsInProgress.insert(name).inserted else {
            error(line, "map '\(name)' uses itself; maps cannot be recursive")
            return nil
        }
        let rules = compileRules(node, scope: .element)
        mapsInProgress.remove(name)
        compiledMaps[name] = rules
        return rules
    }

    mutating func compileRule(_ node: SyntaxNode, scope: Scope, replacingDefaultsAt defaulted: Set<String> = [], shadowed: Bool = false) -> CompiledRule? {
        guard node.members != nil else {
            error(node.line, "a rule is a mapping with to: and one of from:, value:, template:, sum:, each:; found \(node.shapeName)")
            return nil
        }
        checkKeys(node, allowed: Self.ruleKeys, in: "a rule")
        let producerKeys = ["from", "value", "context", "template", "sum", "each"].filter { node[$0] != nil }
        guard let toNode = node["to"] else {
            error(node.line, "rule has no 'to:' (where the value is written)")
            return nil
        }
        let target = path(toNode, scope: scope, isTarget: true, what: "to")
        let onlyDefault = producerKeys.isEmpty && node["default"] != nil && node["rules"] == nil && node["map"] == nil
        guard producerKeys.count == 1 || onlyDefault, let producerKey = producerKeys.first ?? (onlyDefault ? "default" : nil) else {
            if producerKeys.isEmpty {
                error(node.line, "rule for '\(toNode.scalarText ?? "")' has no value: give one of from:, value:, context:, template:, sum:, each:, or default: alone")
            } else {
                error(node.line, "rule for '\(toNode.scalarText ?? "")' has several producers (\(producerKeys.joined(separator: ", "))); give exactly one")
            }
            return nil
        }
        let hasReason = node["because"]?.scalarText.map { !$0.trimmingWhitespace.isEmpty } ?? false
        if node["value"] != nil && !hasReason {
            error(node.line, "rule writes \(toNode.scalarText ?? "") with 'value' but gives no 'because' (say where the value comes from)")
        }
        var fills = false
        if let fillsNode = node["fills"] {
            switch fillsNode.jsonValue {
            case .bool(let flag): fills = flag
            default: error(fillsNode.line, "fills: is true or false")
            }
            if fills && !hasReason {
                error(node.line, "rule writes \(toNode.scalarText ?? "") with 'fills: true' but gives no 'because' (say where the value comes from)")
            }
        }
        if node["default"] != nil && !hasReason {
            error(node.line, "rule writes \(toNode.scalarText ?? "") with a 'default' but gives no 'because' (say why the default is right)")
        }
        let subRules = nestedRules(node, producerKey: producerKey, scope: scope)
        var producer: Producer?
        switch producerKey {
        case "from":
            let source = node["from"].flatMap { path($0, scope: scope, isTarget: false, what: "from") }
            if let subRules {
                if let source, source.hasWildcard {
                    error(node.line, "from: with a map cannot use '*'; use each: to build one object per element")
                }
                producer = source.map { .object($0, WriteNode.arrange(subRules)) }
            } else {
                producer = source.map(Producer.read)
            }
        case "value":
            producer = node["value"].map { .constant($0.jsonValue) }
        case "default":
            producer = .nothing
        case "context":
            if let name = node["context"].flatMap({ scalar($0, "context") }), !name.isEmpty {
                producer = .context(name)
            } else {
                error(node.line, "context: names a value the caller supplies, such as now")
            }
        case "template":
            producer = node["template"].flatMap { compileTemplate($0, scope: scope) }.map(Producer.template)
        case "sum":
            if let list = node["sum"], let elements = list.elements, !elements.isEmpty {
                let paths = elements.compactMap { path($0, scope: scope, isTarget: false, what: "sum operand") }
                producer = paths.count == elements.count ? .sum(paths) : nil
            } else {
                error(node.line, "sum: must be a non-empty list of paths")
            }
        default:
            let source = node["each"].flatMap { path($0, scope: scope, isTarget: false, what: "each") }
            if subRules == nil {
                error(node.line, "each: needs rules: (inline) or map: (a named map) to build each element")
            }
            if let source, let subRules { producer = .each(source, WriteNode.arrange(subRules)) }
        }
        let steps = node["steps"].map { compileSteps($0, scope: scope) } ?? []
        let condition = node["when"].flatMap { compileCondition($0, scope: scope) }
        guard let target, let producer else { return nil }
        return CompiledRule(target: target, producer: producer, steps: steps, fallback: node["default"]?.jsonValue, condition: condition, line: node.line,
            reason: node["because"]?.scalarText.map { String($0.trimmingWhitespace) }, fills: fills, topLevel: scope == .root,
            replacesDefault: defaulted.contains(target.text), shadowed: shadowed)
    }

    private mutating func nestedRules(_ node: SyntaxNode, producerKey: String, scope: Scope) -> [CompiledRule]? {
        let inline = node["rules"]
        let named = node["map"]
        if inline != nil || named != nil, producerKey != "from", producerKey != "each" {
            error(node.line, "rules:/map: only go with each: or from:")
            return nil
        }
        if inline != nil && named != nil {
            error(node.line, "give either rules: or map:, not both")
            return nil
        }
        if let inline { return compileRules(inline, scope: .element) }
        if let named, let name = scalar(named, "map") { return namedMap(name, line: named.line) }
        return nil
    }

    mutating func compileTemplate(_ node: SyntaxNode, scope: Scope) -> [TemplatePart]? {
        guard let text = scalar(node, "template") else { return nil }
        var parts: [TemplatePart] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.text(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                error(node.line, "template '\(text)' opens '{' without a closing '}'")
                return nil
            }
            let inner = String(rest[rest.index(after: open)..<close])
            guard case .success(let path) = MappingPath.parse(inner), !path.hasWildcard, !(path.isRelative && scope == .root) else {
                error(node.line, "template placeholder '{\(inner)}' must be a path without '*' ('/…', or './…' inside each:/map:)")
                return nil
            }
            parts.append(.value(path))
            rest = rest[rest.index(after: close)...]
        }
        if rest.contains("}") {
            error(node.line, "template '\(text)' has a '}' without an opening '{'")
            return nil
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return parts
    }
}

extension String {
    /// The text without leading and trailing spaces and newlines.
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<max(start, end)]
    }
}
