import Synchronization
import TsunaguCore

/// What the relay's translation steps made of recent documents: the schema check of a document
/// and its translation between two models (into the canonical form, or from it into the
/// requester's model), or why they refused it.
///
/// Both steps depend only on the document, the two models and the rules in force, so a
/// footprint relayed again unchanged costs no schema or mapping work. Policy decisions are never
/// kept here: they depend on the requester and the time and are made for every request.
///
/// An entry serves only the rules generation it was made under (a reload empties the cache) and
/// only a document equal to the one it was made from: a changed footprint is checked afresh.
final class RelayTranslations: Sendable {
    struct Key: Hashable, Sendable {
        let from: ModelID
        let to: ModelID
        /// The footprint's `id` (empty when it has none): entries of one footprint replace each other.
        let footprintID: String
    }

    private struct Entry: Sendable {
        let source: JSONValue
        let outcome: RelayEvent
    }

    private struct State: Sendable {
        var generation: Int
        var entries: [Key: Entry] = [:]
    }

    private let state = Mutex(State(generation: -1))
    /// The most outcomes kept; beyond it the cache starts over.
    let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// The outcome of translating `source` from `from` into `to` under rules `generation`: the
    /// one kept from an equal document, or the one `translate` makes now (kept for the next).
    func outcome(from: ModelID, to: ModelID, source: JSONValue, generation: Int, translate: () -> RelayEvent) -> RelayEvent {
        let key = Key(from: from, to: to, footprintID: source["id"]?.stringValue ?? "")
        let known: Entry? = state.withLock { state in
            state.generation == generation ? state.entries[key] : nil
        }
        if let known, known.source == source { return known.outcome }
        let fresh = translate()
        state.withLock { state in
            if state.generation != generation {
                guard generation > state.generation else { return }
                state = State(generation: generation)
            }
            if state.entries.count >= capacity, state.entries[key] == nil { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = Entry(source: source, outcome: fresh)
        }
        return fresh
    }

    /// How many outcomes are kept now.
    var count: Int { state.withLock { $0.entries.count } }
}
