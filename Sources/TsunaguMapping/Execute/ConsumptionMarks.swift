/// Which parts of the source document a translation has used: a trie of pointer tokens where a
/// marked node covers its whole subtree.
///
/// A class because the executor marks it from deep inside nested rule lists; it lives only for one
/// translation and never crosses a concurrency boundary.
final class ConsumptionMarks {
    private(set) var whole = false
    private(set) var children: [String: ConsumptionMarks] = [:]
    /// The nodes of parents already walked to, by the plan's parent slot (on the root only).
    private var parents: [ConsumptionMarks?] = []

    /// Marks the subtree at `tokens`.
    func mark(_ tokens: [String]) {
        var node = self
        for token in tokens {
            if node.whole { return }
            node = node.childNode(token)
        }
        node.whole = true
        node.children = [:]
    }

    /// Marks the subtree at `tokens`, an absolute literal path whose parent has the plan's
    /// `parentSlot`: the parent's node is found once and kept.
    ///
    /// A kept node that a later mark above it cut off the trie only takes marks nobody reads,
    /// as marking below a marked node does nothing.
    func mark(_ tokens: [String], parentSlot slot: Int) {
        guard let last = tokens.last else { return mark(tokens) }
        if slot < parents.count, let parent = parents[slot] {
            parent.markChild(last)
            return
        }
        var node = self
        for token in tokens.dropLast() {
            if node.whole { return }
            node = node.childNode(token, parent: true)
        }
        if slot >= parents.count { parents += Array(repeating: nil, count: slot + 1 - parents.count) }
        parents[slot] = node
        node.markChild(last)
    }

    private func childNode(_ token: String, parent: Bool = false) -> ConsumptionMarks {
        // One lookup that inserts when the token is new (a lookup, then an insert, hashed the
        // token twice for every new node, which is most of them).
        Self.existing(&children[token, default: Self.node(parent: parent)])
    }

    /// A new node; one on the way to a mark gets several children: room for them saves regrowing.
    private static func node(parent: Bool) -> ConsumptionMarks {
        let node = ConsumptionMarks()
        if parent { node.children.reserveCapacity(8) }
        return node
    }

    private static func existing(_ node: inout ConsumptionMarks) -> ConsumptionMarks { node }

    private func markChild(_ token: String) {
        if whole { return }
        let child = childNode(token)
        child.whole = true
        child.children = [:]
    }

    /// The node for `token`, when anything under it is marked.
    func child(_ token: String) -> ConsumptionMarks? { children[token] }
}
