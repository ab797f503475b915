import TsunaguCore

/// The source fields a plan consumes whenever they are present, known from the plan alone: the
/// reads of its top-level rules that have no condition, read one absolute literal path and whose
/// steps cannot make the value unfaithful (see ``CompiledRule/consumedWhenPresent``).
///
/// Such a rule marks the field it read exactly when the field is there, so an execution need not
/// mark it: a field that is absent has no leaves to cover. A trie of pointer tokens where a node
/// that is `whole` covers its subtree, like ``ConsumptionMarks``, but built once and shared.
final class ConsumedFields: Sendable {
    /// Whether the field at this node is consumed (with everything below it).
    let whole: Bool
    /// The nodes below, by pointer token.
    private let children: KeyedNodes<ConsumedFields>

    /// The trie of `paths` (pointer tokens); a path that is a prefix of another covers it.
    init(_ paths: [ArraySlice<String>]) {
        var below: [(token: String, paths: [ArraySlice<String>])] = []
        var whole = false
        for path in paths {
            guard let first = path.first else {
                whole = true
                continue
            }
            if let position = below.firstIndex(where: { $0.token == first }) {
                below[position].paths.append(path.dropFirst())
            } else {
                below.append((first, [path.dropFirst()]))
            }
        }
        self.whole = whole
        var children = KeyedNodes<ConsumedFields>()
        if !whole {
            for (token, paths) in below {
                _ = children.node(JSONKey(token)) { ConsumedFields(paths) }
            }
        }
        self.children = children
    }

    /// The fields the top-level `rules` consume whenever present.
    convenience init(rules: [CompiledRule]) {
        self.init(rules.compactMap { rule in
            guard rule.consumedWhenPresent, case .read(let path) = rule.producer else { return nil }
            return path.literals?[...]
        })
    }

    /// The node below for `key`.
    func child(_ key: JSONKey) -> ConsumedFields? { children.node(key) }

    /// The tokens of the nodes below.
    var childTokens: [String] { children.tokens }

    /// Whether nothing is consumed statically.
    var isEmpty: Bool { !whole && children.isEmpty }
}
