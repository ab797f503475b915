import Synchronization
import TsunaguCore
import TsunaguPolicy

/// What a release made of a footprint once the policy permitted it: the document shaped by the
/// obligations, translated and checked, with its JSON text; or why that could not be done.
///
/// It depends only on the source document, the obligations, the target model and the rules in
/// force, so ``ReleaseRenderings`` can hand it to the next identical release.
enum ReleaseRendering: Sendable {
    /// The document to send and the mappings that made it.
    case rendered(EncodedJSON, mappings: JSONValue)
    /// An obligation could not be carried out on this document: it must be withheld.
    case unfulfillable
    /// The document cannot be expressed in the target model.
    case failed(message: String, mappings: JSONValue)
}

/// The renderings of recent releases, so a footprint released again under the same obligations
/// into the same model costs no obligation, mapping, schema or encoding work. Decisions are
/// never kept here: the gate decides every release before it asks.
///
/// An entry serves only the rules generation it was made under (a reload empties the cache) and
/// only a source document equal to the one it was made from (a changed footprint is rendered
/// afresh); the comparison is immediate when, as usual, the store hands out the same storage.
final class ReleaseRenderings: Sendable {
    struct Key: Hashable, Sendable {
        let tenant: String
        let footprintID: String
        let model: ModelID
        let obligations: [Obligation]
    }

    private struct Entry: Sendable {
        let source: JSONValue
        let rendering: ReleaseRendering
    }

    private struct State: Sendable {
        var generation: Int
        var entries: [Key: Entry] = [:]
    }

    private let state = Mutex(State(generation: -1))
    /// The most renderings kept; beyond it the cache starts over (a gateway serving more
    /// footprints than this renders the excess on each release, as without a cache).
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The rendering for `key` made under `generation` from a document equal to `source`, or the
    /// one `render` makes now (kept for the next release).
    func rendering(for key: Key, generation: Int, source: JSONValue, render: () -> ReleaseRendering) -> ReleaseRendering {
        let known: Entry? = state.withLock { state in
            state.generation == generation ? state.entries[key] : nil
        }
        if let known, known.source == source { return known.rendering }
        let fresh = render()
        state.withLock { state in
            if state.generation != generation {
                guard generation > state.generation else { return }
                state = State(generation: generation)
            }
            if state.entries.count >= capacity, state.entries[key] == nil { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = Entry(source: source, rendering: fresh)
        }
        return fresh
    }

    /// How many renderings are kept now.
    var count: Int { state.withLock { $0.entries.count } }
}
