import TsunaguCore

/// The source fields that a translation there and back gives back exactly, decided once from the
/// forward and the reverse plan, so that finding the carry extension runs only the other rules of
/// the reverse mapping instead of all of them.
///
/// A source field is reproduced when the forward plan copies it (unconditionally, as it is, with
/// `to-decimal-string` or through an enumeration table) to a pivot field that the reverse plan
/// copies back (unconditionally, as it is, with `to-number` or through a table that maps each of
/// the forward table's values back to its key) to the same place, and no other rule of either plan
/// writes at, above or below those places. The one exception is an empty object that the reverse
/// writes above the field before copying it, which only makes the container. The containers on the
/// way to a reproduced field are written by the reverse mapping with one shape (an object, or an
/// array filled at index 0 only), so whether the way back creates them is known from the source
/// alone.
///
/// What stays per document is checked there: a decimal written with an exponent does not keep its
/// characters and a value the forward table does not list is not translated (the forward rule is
/// then not faithful), carried fields the forward mapping restores into its output at, above or
/// below a pair's pivot field (the reverse then reads the restored value), and carried fields in
/// the forward output that the reverse would restore; in those cases the whole reverse mapping
/// runs. A source whose containers have another shape than the reverse writes gets them whole in
/// the carry, as a run would give.
struct ReproducedFields: Sendable {
    /// The reproduced source pointers.
    let fields: FieldTrie
    /// The reverse plan's other rules, arranged for execution.
    let residual: [WriteNode]
    /// The forward rules of the pairs whose value comes back only when the rule stayed faithful.
    let watched: Set<ObjectIdentifier>
    /// How many source fields are reproduced.
    let count: Int
    /// The pivot fields the pairs go through (the forward rules' targets).
    let pivotFields: FieldTrie

    /// The reproduced fields of `forward` and its reverse; `nil` when there are none.
    init?(forward: MappingPlan, reverse: MappingPlan) {
        let reversePlaces = reverse.rules.map(Self.places)
        let forwardPlaces = forward.rules.map(Self.places)
        var reserved: [[Place]] = []
        if let carry = forward.carry { reserved.append(carry.array.tokens.map(Place.name)) }
        if let restore = reverse.restore { reserved.append(restore.array.tokens.map(Place.name)) }
        var pairs: [(source: [MappingPath.Token], forward: CompiledRule, reverse: CompiledRule, copy: Copy)] = []
        for rule in forward.rules {
            guard rule.condition == nil, rule.fallback == nil, case .read(let read) = rule.producer, !read.isRelative,
                let source = Self.plain(read.tokens), let pivot = Self.plain(rule.target.tokens), !source.isEmpty,
                let copy = Self.forwardCopy(rule.steps)
            else { continue }
            let pivotPlaces = pivot.map(Place.init)
            guard forwardPlaces.filter({ Self.touches($0, pivotPlaces) }).count == 1, !reserved.contains(where: { Self.touches($0, pivotPlaces) }) else {
                continue
            }
            let back = reverse.rules.firstIndex { candidate in
                guard candidate.condition == nil, candidate.fallback == nil, !candidate.fills, case .read(let path) = candidate.producer,
                    !path.isRelative, path.tokens == pivot, candidate.target.tokens == source, Self.undoes(candidate.steps, copy)
                else { return false }
                return true
            }
            guard let back, Self.isAlone(source, at: back, in: reverse.rules, places: reversePlaces) else { continue }
            pairs.append((source, rule, reverse.rules[back], copy))
        }
        guard !pairs.isEmpty else { return nil }
        let fields = FieldTrie(pairs.map { $0.source[...] })
        let reproduced = Set(pairs.map { ObjectIdentifier($0.reverse) })
        self.fields = fields
        self.residual = WriteNode.arrange(reverse.rules.filter { !reproduced.contains(ObjectIdentifier($0)) })
        self.watched = Set(pairs.filter(\.copy.isWatched).map { ObjectIdentifier($0.forward) })
        self.count = pairs.count
        self.pivotFields = FieldTrie(pairs.map { $0.forward.target.tokens[...] })
    }

    /// Whether putting `patch` (carried fields the forward mapping restores) into the forward
    /// output leaves every pair's pivot field as its forward rule wrote it: no edit at, above or
    /// below one. An append (`-`) counts as an edit of every element, and so does removing any
    /// element of an array on a pivot field's way (the elements after it move; `00` or `+1` name
    /// an element when removed).
    func keepsPivotFields(restoring patch: CarryPatch) -> Bool {
        !patch.writes.contains { touchesPivotField($0.pointer, removing: false) }
            && !patch.remove.contains { touchesPivotField($0, removing: true) }
    }

    private func touchesPivotField(_ pointer: [String], removing: Bool) -> Bool {
        var node = pivotFields
        for token in pointer {
            if node.reproduced || token == "-" { return true }
            guard let child = node.child(JSONKey(token)) else { return removing && Int(token) != nil }
            node = child
        }
        return true
    }

    /// What the reverse mapping (whose plan is `reverse`) rebuilds from `pivot` differs from
    /// `source` by these edits; `nil` when the pivot holds carried fields the reverse puts back
    /// (only running the whole reverse mapping can tell then).
    func carry(source: JSONValue, pivot: JSONValue, reverse: MappingPlan, context: [String: JSONValue]) throws(MappingError) -> CarryPatch? {
        var input = pivot
        if let restore = reverse.restore {
            // Restored fields may land anywhere, reproduced ones included.
            guard try reverse.takeCarried(from: &input, at: restore).isEmpty else { return nil }
        }
        let execution = PlanExecution(plan: reverse, root: input, tracking: false, context: context)
        var rebuilt = JSONValue.object(JSONObject(minimumCapacity: reverse.nodes.count))
        try execution.run(residual, scope: SourceScope(value: input, tokens: []), into: &rebuilt)
        return CarryPatch.diff(original: source, rebuilt: rebuilt, reproduced: fields)
    }

    /// A place a rule writes: a member, an array index, or any token (wildcards, appends, selectors).
    private enum Place: Equatable {
        case name(String)
        case index
        case any

        init(_ token: MappingPath.Token) {
            switch token {
            case .member(let name, let index): self = index == 0 ? .index : .name(name.name)
            case .wildcard, .append, .select: self = .any
            }
        }
    }

    private static func places(_ rule: CompiledRule) -> [Place] { rule.target.tokens.map(Place.init) }

    /// The tokens when every one is a member or an array index.
    private static func plain(_ tokens: [MappingPath.Token]) -> [MappingPath.Token]? {
        tokens.allSatisfy { $0.literal != nil } ? tokens : nil
    }

    /// How a forward rule of a pair copies its field.
    private enum Copy {
        /// As it is.
        case plain
        /// With `to-decimal-string`: kept while the number's text is (watched).
        case decimal
        /// Through an enumeration table: kept while the value is listed (watched).
        case table(EnumerationTable)

        /// Whether the copy keeps the value only while the rule stays faithful.
        var isWatched: Bool {
            if case .plain = self { return false }
            return true
        }
    }

    /// How the forward steps copy the value; `nil` when they do not.
    private static func forwardCopy(_ steps: [Step]) -> Copy? {
        if steps.isEmpty { return .plain }
        guard steps.count == 1 else { return nil }
        switch steps[0] {
        case .toDecimalString: return .decimal
        case .table(let table): return .table(table)
        default: return nil
        }
    }

    /// Whether the reverse steps give back what `copy` copied: a plain copy, `to-number` after
    /// `to-decimal-string`, or a table that maps every value of the forward table back to its key.
    private static func undoes(_ steps: [Step], _ copy: Copy?) -> Bool {
        switch copy {
        case .plain?: return steps.isEmpty
        case .decimal?:
            guard steps.count == 1, case .toNumber = steps[0] else { return false }
            return true
        case .table(let forward)?:
            guard steps.count == 1, case .table(let back) = steps[0] else { return false }
            return inverts(back, forward)
        case nil: return false
        }
    }

    /// Whether `back` maps every value `forward` gives to the source value it came from. A listed
    /// value is looked up by its text, so only a string can have come from a key that reads as a
    /// number or a boolean: tables with such keys are left to the run. An unlisted source value
    /// makes the forward rule unfaithful (it is watched) or fails the translation.
    private static func inverts(_ back: EnumerationTable, _ forward: EnumerationTable) -> Bool {
        guard !forward.values.isEmpty else { return false }
        let numeric = Set("0123456789+-.eE".utf8)
        for (key, value) in forward.values {
            guard key != "true", key != "false", key.utf8.contains(where: { !numeric.contains($0) }) else { return false }
            guard let text = EnumerationTable.key(for: value), back.values[text] == .string(key) else { return false }
        }
        return true
    }

    /// Whether the reverse rule at `position`, which writes `source`, is the only one there, and
    /// every other rule writing through the containers above `source` gives them the same shape.
    private static func isAlone(_ source: [MappingPath.Token], at position: Int, in rules: [CompiledRule], places: [[Place]]) -> Bool {
        let wanted = source.map(Place.init)
        // Only index 0 is known to be created by any rule that writes through an array.
        guard source.allSatisfy({ if case .member(_, let index?) = $0 { return index == 0 } else { return true } }) else { return false }
        for (other, place) in places.enumerated() where other != position {
            if touches(place, wanted) {
                // An empty object written before, above the field, is its container.
                guard other < position, place.count < wanted.count, case .constant(.object(let members)) = rules[other].producer, members.isEmpty,
                    rules[other].condition == nil, rules[other].steps.isEmpty, case .name = wanted[place.count]
                else { return false }
                continue
            }
            // A rule that passes through a container of the field writes the next token with the field's shape.
            for depth in 0..<min(place.count, wanted.count - 1) {
                guard matches(place[..<depth], wanted[..<depth]) else { break }
                switch (place[depth], wanted[depth]) {
                case (.index, .index), (.name, .name): continue
                default: return false
                }
            }
        }
        return true
    }

    /// Whether a write at `place` can change the value at `pointer`: one lies on the other's path.
    private static func touches(_ place: [Place], _ pointer: [Place]) -> Bool {
        matches(place[...], pointer[...])
    }

    private static func matches(_ left: ArraySlice<Place>, _ right: ArraySlice<Place>) -> Bool {
        for (a, b) in zip(left, right) where a != .any && b != .any && a != b {
            return false
        }
        return true
    }
}

/// Source pointers as a trie: a node is reproduced whole, or holds the nodes of its members (or of
/// its array elements).
final class FieldTrie: Sendable {
    /// Whether the field at this node is reproduced.
    let reproduced: Bool
    /// Whether the children are array indices rather than object members.
    let elements: Bool
    /// The nodes below, by pointer token, in a list looked up by the token's hash (a node has a few
    /// children).
    private let keyed: [(key: JSONKey, node: FieldTrie)]
    /// The node of array element 0, when the children are elements.
    let firstElement: FieldTrie?

    /// The trie of `paths` (plain member and index tokens, none a prefix of another).
    init(_ paths: [ArraySlice<MappingPath.Token>]) {
        var below: [String: [ArraySlice<MappingPath.Token>]] = [:]
        var elements = false
        var reproduced = false
        for path in paths {
            guard let first = path.first, case .member(let name, let index) = first else {
                reproduced = true
                continue
            }
            elements = index != nil
            below[name.name, default: []].append(path.dropFirst())
        }
        self.reproduced = reproduced
        self.elements = elements
        let children = below.mapValues(FieldTrie.init)
        self.keyed = children.map { (JSONKey($0.key), $0.value) }
        self.firstElement = elements ? children["0"] : nil
    }

    /// The node below for the member `key`.
    func child(_ key: JSONKey) -> FieldTrie? {
        keyed.first { $0.key == key }?.node
    }

    /// Whether a reproduced field at or below this node is in `value` as the forward mapping
    /// reads it (an index token also reads an object member named like the index).
    func reaches(_ value: JSONValue) -> Bool {
        if reproduced { return true }
        switch value {
        case .object(let members):
            for (key, child) in keyed {
                if let member = members[key], child.reaches(member) { return true }
            }
            return false
        case .array(let items):
            guard let first = items.first, let child = firstElement else { return false }
            return child.reaches(first)
        default:
            return false
        }
    }
}
