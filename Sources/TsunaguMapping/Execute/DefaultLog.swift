import TsunaguCore

/// The rules whose `default:` filled the output in one execution, with where they wrote, so the
/// loss report can tell a partner which values the source did not give.
///
/// A class because the executor records from deep inside nested rule lists; it lives only for one
/// execution and never crosses a concurrency boundary.
final class DefaultLog {
    /// One filled value: the rule and the `each` elements (rule, index) it was written inside.
    struct Fill {
        let trail: [(rule: CompiledRule, index: Int?)]
        let rule: CompiledRule
        let value: JSONValue
    }

    private(set) var fills: [Fill] = []
    /// The enclosing `each` elements and `map` objects of the rule running now.
    private var trail: [(rule: CompiledRule, index: Int?)] = []

    func enter(_ rule: CompiledRule, index: Int?) { trail.append((rule, index)) }

    func leave() { trail.removeLast() }

    func record(_ rule: CompiledRule, value: JSONValue) { fills.append(Fill(trail: trail, rule: rule, value: value)) }

    /// Forgets the fills of the place `rule` has just written with a value the source gave: in
    /// layered rules (a default first, then the source's value when it has one) the default is
    /// not what the output says. An append (`-`) adds an element and replaces nothing.
    func replaced(by rule: CompiledRule) {
        guard !fills.isEmpty, !rule.target.tokens.contains(.append) else { return }
        fills.removeAll { fill in fill.rule.target == rule.target && Self.same(fill.trail, trail) }
    }

    private static func same(_ left: [(rule: CompiledRule, index: Int?)], _ right: [(rule: CompiledRule, index: Int?)]) -> Bool {
        left.count == right.count && zip(left, right).allSatisfy { $0.rule === $1.rule && $0.index == $1.index }
    }

    /// The output pointer of a fill, written with the mapping's own tokens (`-`, `[member=value]`).
    static func pointer(of fill: Fill) -> JSONPointer {
        guard !fill.trail.isEmpty else { return JSONPointer(tokens: fill.rule.reportTokens) }
        var tokens: [String] = []
        for (rule, index) in fill.trail {
            tokens += rule.reportTokens
            if let index { tokens.append(String(index)) }
        }
        return JSONPointer(tokens: tokens + fill.rule.reportTokens)
    }
}

extension MappingPath.Token {
    /// The token as a pointer token in a report.
    var reportText: String {
        switch self {
        case .member(let name, _): name.name
        case .wildcard: "*"
        case .select(let member, let value): "[\(member)=\(value)]"
        case .append: "-"
        }
    }
}
