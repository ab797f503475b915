import TsunaguCore

/// Where relative source paths start: the element an `each` or `map` is working on.
struct SourceScope {
    /// The element.
    let value: JSONValue
    /// Its pointer tokens in the source document.
    let tokens: [String]
}

/// A value read from the source with the pointer it came from.
struct SourceMatch {
    let tokens: [String]
    let value: JSONValue
}

/// What a failing rule read: its pointer when known, else the path to find it again.
struct Blame {
    let tokens: [String]?
    let path: MappingPath?
}

/// The values at the parents of a plan's absolute source paths, looked up once per execution.
///
/// A class because reads fill it from a non-mutating walk; it lives for one execution and never
/// crosses a concurrency boundary. The entries live in memory of its own rather than in an array
/// property: every read of a source field looks here, and a class's `var` is checked for
/// overlapping access at run time on each of those reads.
final class ParentCache {
    enum Entry {
        case unknown
        case absent
        case found(JSONValue)
    }

    /// How many entries there are (the plan's parent slots).
    let count: Int
    private let entries: UnsafeMutablePointer<Entry>

    init(count: Int) {
        self.count = count
        entries = .allocate(capacity: max(count, 1))
        entries.initialize(repeating: .unknown, count: count)
    }

    deinit {
        entries.deinitialize(count: count)
        entries.deallocate()
    }

    /// The entry of parent slot `slot` (below ``count``).
    subscript(slot: Int) -> Entry {
        get {
            precondition(slot >= 0 && slot < count, "parent slot \(slot) of \(count)")
            return entries[slot]
        }
        set {
            precondition(slot >= 0 && slot < count, "parent slot \(slot) of \(count)")
            entries[slot] = newValue
        }
    }
}

/// Whether any of some rules gave a value that does not say exactly what the source said.
///
/// A class because the executor notes it from deep inside nested rule lists; it lives for one
/// execution and never crosses a concurrency boundary.
final class FaithfulnessWatch {
    /// The rules watched.
    let rules: Set<ObjectIdentifier>
    /// Whether one of them was not faithful.
    var unfaithful = false

    init(rules: Set<ObjectIdentifier>) {
        self.rules = rules
    }
}
