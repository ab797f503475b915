import TsunaguCore

/// What the relay's translation steps made of recent documents: the schema check of a document
/// and its translation between two models (into the canonical form, or from it into the
/// requester's model), or why they refused it.
///
/// Both steps depend only on the document, the two models and the rules in force, so a
/// footprint relayed again unchanged costs no schema or mapping work (``RulesMemo``). Policy
/// decisions are never kept here: they depend on the requester and the time and are made for
/// every request.
final class RelayTranslations: Sendable {
    struct Key: Hashable, Sendable {
        let from: ModelID
        let to: ModelID
        /// The footprint's `id` (empty when it has none): entries of one footprint replace each other.
        let footprintID: String
    }

    private let memo: RulesMemo<Key, RelayEvent>

    /// Keeps at most `capacity` outcomes; beyond it the cache starts over.
    init(capacity: Int = 1024) {
        memo = RulesMemo(capacity: capacity)
    }

    /// The outcome of translating `source` from `from` into `to` under rules `generation`: the
    /// one kept from an equal document, or the one `translate` makes now (kept for the next).
    func outcome(from: ModelID, to: ModelID, source: JSONValue, generation: Int, translate: () -> RelayEvent) -> RelayEvent {
        let key = Key(from: from, to: to, footprintID: source["id"]?.stringValue ?? "")
        return memo.value(for: key, generation: generation, source: source, make: translate)
    }

    /// How many outcomes are kept now.
    var count: Int { memo.count }
}
