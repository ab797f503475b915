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
/// crosses a concurrency boundary.
final class ParentCache {
    enum Entry {
        case unknown
        case absent
        case found(JSONValue)
    }

    var entries: [Entry]

    init(count: Int) {
        entries = Array(repeating: .unknown, count: count)
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
