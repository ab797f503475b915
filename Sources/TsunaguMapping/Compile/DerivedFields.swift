/// Which output places a plan's rules derive from which source fields, known from the plan alone:
/// for each top-level rule, the source paths it reads (its value, its steps' operands, its
/// condition, and whole arrays or objects for `each` and `map`) and the output place it writes (its
/// target up to the first token that is not a member or an index).
///
/// A carry extension records, beside each carried field, the output values the rules derived from
/// it when it was made (``CarryPatch/Basis``). When those output values were changed since, the
/// carried value is out of date and is not put back.
struct DerivedFields: Sendable {
    /// Where each rule writes, by the rule's position. `*` stands for any one token.
    private let writes: [[String]]
    /// The rules' read patterns as a trie, so finding the rules of one field walks its tokens once.
    private let reads: ReadTrie

    init(rules: [CompiledRule]) {
        let derivations = rules.map { rule in
            var reads: [MappingPath] = []
            switch rule.producer {
            case .read(let path), .each(let path, _), .object(let path, _): reads.append(path)
            case .template(let parts):
                for case .value(let path) in parts { reads.append(path) }
            case .sum(let paths): reads += paths
            case .nothing, .constant, .context: break
            }
            for step in rule.steps {
                switch step {
                case .multiply(.path(let path)), .divide(.path(let path), _, _), .add(.path(let path)), .subtract(.path(let path)): reads.append(path)
                default: break
                }
            }
            if let condition = rule.condition { reads += Self.paths(in: condition) }
            let literal = rule.target.tokens.prefix { if case .member = $0 { true } else { false } }
            return (reads: reads.map(Self.pattern), writes: literal.map(Self.token))
        }
        writes = derivations.map(\.writes)
        reads = ReadTrie(derivations.enumerated().flatMap { index, derivation in derivation.reads.map { (index, $0[...]) } })
    }

    /// The output places derived from anything at, above or below the source pointer `field`,
    /// each once.
    func places(derivedFrom field: [String]) -> [[String]] {
        var rules: [Int] = []
        reads.collect(field, from: 0, into: &rules)
        // A field feeds few rules: a list is cheaper than a set for the places they share.
        var places: [[String]] = []
        for rule in rules where !places.contains(writes[rule]) { places.append(writes[rule]) }
        return places
    }

    /// Read patterns by token; `*` matches any token.
    private final class ReadTrie: Sendable {
        /// Rules with a pattern that ends here: they read this node's whole subtree.
        let here: [Int]
        /// Rules with a pattern at or below this node, each once.
        let within: [Int]
        let children: [String: ReadTrie]
        /// The `*` child, kept apart so that most steps make one lookup.
        let any: ReadTrie?

        init(_ patterns: [(rule: Int, rest: ArraySlice<String>)]) {
            var here: [Int] = []
            var below: [String: [(rule: Int, rest: ArraySlice<String>)]] = [:]
            for (rule, rest) in patterns {
                guard let first = rest.first else {
                    if !here.contains(rule) { here.append(rule) }
                    continue
                }
                below[first, default: []].append((rule, rest.dropFirst()))
            }
            self.here = here
            self.any = below.removeValue(forKey: "*").map(ReadTrie.init)
            self.children = below.mapValues(ReadTrie.init)
            self.within = patterns.map(\.rule).reduce(into: []) { rules, rule in if !rules.contains(rule) { rules.append(rule) } }
        }

        /// Adds the rules whose pattern lies on one path with `field[position...]` below this node.
        func collect(_ field: [String], from position: Int, into rules: inout [Int]) {
            Self.add(here, to: &rules)
            guard position < field.count else {
                Self.add(within, to: &rules)
                return
            }
            children[field[position]]?.collect(field, from: position + 1, into: &rules)
            any?.collect(field, from: position + 1, into: &rules)
        }

        private static func add(_ found: [Int], to rules: inout [Int]) {
            for rule in found where !rules.contains(rule) { rules.append(rule) }
        }
    }

    private static func paths(in condition: Condition) -> [MappingPath] {
        switch condition {
        case .present(let path, _), .equals(let path, _), .oneOf(let path, _), .startsWith(let path, _), .check(let path, _): [path]
        case .all(let conditions), .any(let conditions): conditions.flatMap(paths)
        case .not(let inner): paths(in: inner)
        }
    }

    private static func pattern(_ path: MappingPath) -> [String] { path.tokens.map(token) }

    private static func token(_ token: MappingPath.Token) -> String {
        switch token {
        case .member(let name, _): name
        case .wildcard, .select, .append: "*"
        }
    }
}
