import Synchronization

/// Which output places a plan's rules derive from which source fields, and which source places
/// feed the rules that write a field, known from the plan alone: for each top-level rule, the
/// source paths it reads (its value, its steps' operands, its condition, and whole arrays or
/// objects for `each` and `map`) and the output place it writes (its target up to the first token
/// that is not a member or an index).
///
/// A carry extension records, beside each carried field, the pivot values it depends on when it
/// was made (``CarryPatch/Basis``): what the forward rules derived from the field, and what the
/// home rules that write the field read. When those pivot values were changed since, the carried
/// value is out of date and is not put back.
struct DerivedFields: Sendable {
    /// The places found for fields asked before: documents of one shape carry the same fields.
    private let derivedCache = PlaceCache()
    private let feedingCache = PlaceCache()
    /// The layouts of the carries made last with these fields as the forward rules'.
    let carryLayouts = CarryLayouts()
    /// The carry extensions read last by the plan of these fields (its `restore:`).
    let carryReadings = CarryReadings()

    /// Tells these fields apart from every other plan's, for as long as the process runs (an
    /// object's address may be reused once it is freed; this number is not).
    let identity = Self.nextIdentity.add(1, ordering: .relaxed).newValue

    private static let nextIdentity = Atomic<Int>(0)
    /// Where each rule writes, by the rule's position. `*` stands for any one token.
    private let writes: [[String]]
    /// The places each rule reads (each read path up to its first wildcard, selector or append),
    /// by the rule's position.
    private let readPlaces: [[[String]]]
    /// The rules' read patterns as a trie, so finding the rules of one field walks its tokens once.
    private let reads: PatternTrie
    /// The rules' target patterns as a trie.
    private let targets: PatternTrie

    init(rules: [CompiledRule]) {
        let derivations = rules.map { rule in (reads: rule.readPaths, target: rule.target.tokens) }
        writes = derivations.map { Self.place($0.target) }
        readPlaces = derivations.map { derivation in
            derivation.reads.filter { !$0.isRelative }.map { Self.place($0.tokens) }.reduce(into: []) { places, place in
                if !places.contains(place) { places.append(place) }
            }
        }
        reads = PatternTrie(derivations.enumerated().flatMap { index, derivation in derivation.reads.map { (index, Self.pattern($0.tokens)[...]) } })
        targets = PatternTrie(derivations.enumerated().map { index, derivation in (index, Self.pattern(derivation.target)[...]) })
    }

    /// The output places derived from anything at, above or below the source pointer `field`,
    /// each once.
    func places(derivedFrom field: [String]) -> [[String]] {
        derivedCache.places(of: field) {
            var rules: [Int] = []
            reads.collect(field, from: 0, into: &rules)
            // A field feeds few rules: a list is cheaper than a set for the places they share.
            var places: [[String]] = []
            for rule in rules where !places.contains(writes[rule]) { places.append(writes[rule]) }
            return places
        }
    }

    /// The source places read by the rules that write at, above or below the output pointer
    /// `field`, each once.
    func places(feeding field: [String]) -> [[String]] {
        feedingCache.places(of: field) {
            var rules: [Int] = []
            targets.collect(field, from: 0, into: &rules)
            var places: [[String]] = []
            for rule in rules {
                for place in readPlaces[rule] where !places.contains(place) { places.append(place) }
            }
            return places
        }
    }

    /// Places by field, for up to 4096 fields.
    private struct PlaceCache: Sendable {
        private let memo = BoundedMemo<FieldKey, [[String]]>(limit: 4_096)

        func places(of field: [String], finding: () -> [[String]]) -> [[String]] {
            memo.value(for: FieldKey(tokens: field), compute: finding) ?? []
        }
    }

    /// A field as a cache key, hashed by its depth and last token alone: hashing every token cost
    /// more than the lookup saves, and fields that share both are told apart by equality.
    private struct FieldKey: Hashable {
        let tokens: [String]

        func hash(into hasher: inout Hasher) {
            hasher.combine(tokens.count)
            if let last = tokens.last { hasher.combine(last) }
        }
    }

    /// Path patterns by token; `*` matches any token.
    private final class PatternTrie: Sendable {
        /// Rules with a pattern that ends here: they reach this node's whole subtree.
        let here: [Int]
        /// Rules with a pattern at or below this node, each once.
        let within: [Int]
        let children: [String: PatternTrie]
        /// The `*` child, kept apart so that most steps make one lookup.
        let any: PatternTrie?

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
            self.any = below.removeValue(forKey: "*").map(PatternTrie.init)
            self.children = below.mapValues(PatternTrie.init)
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

    private static func pattern(_ tokens: [MappingPath.Token]) -> [String] { tokens.map(token) }

    /// The tokens up to the first one that is not a member or an index: the place a path reaches.
    private static func place(_ tokens: [MappingPath.Token]) -> [String] {
        tokens.prefix { if case .member = $0 { true } else { false } }.map(token)
    }

    private static func token(_ token: MappingPath.Token) -> String {
        switch token {
        case .member(let name, _): name.name
        case .wildcard, .select, .append: "*"
        }
    }
}
