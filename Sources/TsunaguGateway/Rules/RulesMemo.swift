import Synchronization
import TsunaguCore

/// What was made of a document under one generation of the rules, kept so that an equal document
/// under the same rules costs nothing the next time (the release renderings and the relay's
/// translations use it).
///
/// An entry serves only the rules generation it was made under (a reload empties the memo) and
/// only a source document equal to the one it was made from (a changed document is worked on
/// afresh); the comparison is immediate when, as usual, the store hands out the same storage.
final class RulesMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        let source: JSONValue
        let value: Value
    }

    private struct State: Sendable {
        var generation: Int
        var entries: [Key: Entry] = [:]
    }

    private let state = Mutex(State(generation: -1))
    /// The most values kept; beyond it the memo starts over.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value for `key` made under `generation` from a document equal to `source`, or the one
    /// `make` makes now (kept for the next time).
    func value(for key: Key, generation: Int, source: JSONValue, make: () -> Value) -> Value {
        let known: Entry? = state.withLock { state in
            state.generation == generation ? state.entries[key] : nil
        }
        if let known, known.source == source { return known.value }
        let fresh = make()
        state.withLock { state in
            if state.generation != generation {
                guard generation > state.generation else { return }
                state = State(generation: generation)
            }
            if state.entries.count >= capacity, state.entries[key] == nil { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = Entry(source: source, value: fresh)
        }
        return fresh
    }

    /// How many values are kept now.
    var count: Int { state.withLock { $0.entries.count } }
}
