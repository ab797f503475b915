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
    /// An obligation could not be carried out on this document (`reason` says why): it must be withheld.
    case unfulfillable(reason: String)
    /// The document cannot be expressed in the target model.
    case failed(message: String, mappings: JSONValue)
}

/// The renderings of recent releases, so a footprint released again under the same obligations
/// into the same model costs no obligation, mapping, schema or encoding work (while the rules and
/// the footprint are unchanged: ``RulesMemo``). Decisions are never kept here: the gate decides
/// every release before it asks.
final class ReleaseRenderings: Sendable {
    struct Key: Hashable, Sendable {
        let tenant: String
        let footprintID: String
        let model: ModelID
        let obligations: [Obligation]
    }

    private let memo: RulesMemo<Key, ReleaseRendering>

    /// Keeps at most `capacity` renderings (a gateway serving more footprints than this renders
    /// the excess on each release, as without a cache).
    init(capacity: Int = 4096) {
        memo = RulesMemo(capacity: capacity)
    }

    /// The rendering for `key` made under `generation` from a document equal to `source`, or the
    /// one `render` makes now (kept for the next release).
    func rendering(for key: Key, generation: Int, source: JSONValue, render: () -> ReleaseRendering) -> ReleaseRendering {
        memo.value(for: key, generation: generation, source: source, make: render)
    }

    /// How many renderings are kept now.
    var count: Int { memo.count }
}
