/// Which parts of the source document a translation has used: a trie of pointer tokens where a
/// marked node covers its whole subtree.
///
/// A class because the executor marks it from deep inside nested rule lists; it lives only for one
/// translation and never crosses a concurrency boundary.
final class ConsumptionMarks {
    private(set) var whole = false
    private(set) var children: [String: ConsumptionMarks] = [:]

    /// Marks the subtree at `tokens`.
    func mark(_ tokens: [String]) {
        var node = self
        for token in tokens {
            if node.whole { return }
            if let child = node.children[token] {
                node = child
            } else {
                let child = ConsumptionMarks()
                node.children[token] = child
                node = child
            }
        }
        node.whole = true
        node.children = [:]
    }

    /// The node for `token`, when anything under it is marked.
    func child(_ token: String) -> ConsumptionMarks? { children[token] }
}
