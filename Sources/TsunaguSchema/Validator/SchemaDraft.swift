/// The JSON Schema dialects the validator understands.
///
/// A schema names its dialect in `$schema`; a schema without one is read as draft 2020-12.
enum SchemaDraft: String, Sendable, Hashable, CaseIterable {
    /// Draft 2020-12: `$defs`, `prefixItems`, `$anchor`, `$ref` applied beside its siblings.
    case draft2020_12 = "https://json-schema.org/draft/2020-12/schema"
    /// Draft-07: `definitions`, array-form `items` with `additionalItems`, `$ref` overriding its siblings.
    /// Draft-04 and draft-06 schemas (Catena-X's SAMM-generated ones) are read this way too, with
    /// draft-04's Boolean `exclusiveMinimum` / `exclusiveMaximum` (see ``boundsExclusivenessAsBooleans(_:)``).
    case draft7 = "http://json-schema.org/draft-07/schema#"

    /// The dialect a `$schema` value names; draft 2020-12 when it names none we know as older.
    static func named(by schemaURI: String?) -> SchemaDraft {
        guard let schemaURI else { return .draft2020_12 }
        for older in ["draft-07", "draft-06", "draft-04"] where schemaURI.contains(older) {
            return .draft7
        }
        return .draft2020_12
    }

    /// Whether a `$schema` value names draft-04 or an earlier draft, which write `exclusiveMinimum`
    /// and `exclusiveMaximum` as Booleans beside `minimum` and `maximum` (later drafts write the
    /// bound itself there, so a Boolean in a later draft's schema is a mistake, not a bound).
    static func boundsExclusivenessAsBooleans(_ schemaURI: String?) -> Bool {
        guard let schemaURI else { return false }
        return ["draft-04", "draft-03", "draft-02", "draft-01", "draft-00"].contains { schemaURI.contains($0) }
    }
}
