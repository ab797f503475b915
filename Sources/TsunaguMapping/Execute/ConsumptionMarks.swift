import TsunaguCore

/// Which parts of the source document a translation has used: a trie of pointer tokens where a
/// marked node covers its whole subtree.
///
/// A class because the executor marks it from deep inside nested rule lists; it lives only for one
/// translation and never crosses a concurrency boundary.
final class ConsumptionMarks {
    private(set) var whole = false
    private var children = KeyedNodes<ConsumptionMarks>()
    /// The nodes of parents already walked to, by the plan's parent slot (on the root only).
    private var parents: [ConsumptionMarks?] = []

    /// Marks the subtree at `tokens`.
    func mark(_ tokens: [String]) {
        var node = self
        for token in tokens {
            if node.whole { return }
            node = node.childNode(JSONKey(token))
        }
        node.markWhole()
    }

    /// Marks the subtree at `tokens`, an absolute literal path whose parent has the plan's
    /// `parentSlot`: the parent's node is found once and kept.
    ///
    /// A kept node that a later mark above it cut off the trie only takes marks nobody reads,
    /// as marking below a marked node does nothing.
    func mark(_ tokens: [String], parentSlot slot: Int) {
        guard let last = tokens.last else { return mark(tokens) }
        if slot < parents.count, let parent = parents[slot] {
            parent.markChild(JSONKey(last))
            return
        }
        var node = self
        for token in tokens.dropLast() {
            if node.whole { return }
            node = node.childNode(JSONKey(token))
        }
        if slot >= parents.count { parents += Array(repeating: nil, count: slot + 1 - parents.count) }
        parents[slot] = node
        node.markChild(JSONKey(last))
    }

    private func childNode(_ key: JSONKey) -> ConsumptionMarks {
        children.node(key) { ConsumptionMarks() }
    }

    private func markChild(_ key: JSONKey) {
        if whole { return }
        childNode(key).markWhole()
    }

    private func markWhole() {
        whole = true
        if !children.isEmpty { children.removeAll() }
    }

    /// The node for `key`, when anything under it is marked.
    func child(_ key: JSONKey) -> ConsumptionMarks? { children.node(key) }

    /// The tokens of the nodes below, in the order they were first marked.
    var childTokens: [String] { children.tokens }
}
