import TsunaguCore

/// The children of a trie node by pointer token, as ``JSONKey``s: a token's cheap hash is compared
/// before its text, and a name taken from a ``JSONObject`` member arrives with its hash already
/// taken, so a lookup hashes nothing.
///
/// A node of a footprint document has a dozen children or fewer, which a list finds faster than a
/// seeded hash table. A node that grows past ``indexThreshold`` children (an array of thousands of
/// elements, each marked) also gets an index, so that filling it stays linear.
struct KeyedNodes<Node: AnyObject> {
    private var keys: ContiguousArray<JSONKey> = []
    private var nodes: ContiguousArray<Node> = []
    private var index: [JSONKey: Int]?

    /// Above this many children, lookups go through an index instead of the list.
    static var indexThreshold: Int { 32 }

    /// No children.
    init() {}

    /// Whether there are no children.
    var isEmpty: Bool { keys.isEmpty }

    /// How many children there are.
    var count: Int { keys.count }

    /// The children's tokens, in the order they were added.
    var tokens: [String] { keys.map(\.name) }

    /// The child for `key`.
    func node(_ key: JSONKey) -> Node? {
        position(of: key).map { nodes[$0] }
    }

    /// The child for `key`, made by `make` and added when there is none.
    mutating func node(_ key: JSONKey, orAdd make: () -> Node) -> Node {
        if let position = position(of: key) { return nodes[position] }
        let node = make()
        keys.append(key)
        nodes.append(node)
        if index != nil {
            index?[key] = keys.count - 1
        } else if keys.count > Self.indexThreshold {
            index = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
        }
        return node
    }

    /// Forgets every child.
    mutating func removeAll() {
        keys = []
        nodes = []
        index = nil
    }

    private func position(of key: JSONKey) -> Int? {
        if let index { return index[key] }
        var position = 0
        let count = keys.count
        while position < count {
            if keys[position] == key { return position }
            position += 1
        }
        return nil
    }
}

extension KeyedNodes: Sendable where Node: Sendable {}
