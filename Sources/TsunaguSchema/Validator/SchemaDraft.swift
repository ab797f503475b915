/// The JSON Schema dialects the validator understands.
///
/// A schema names its dialect in `$schema`; a schema without one is read as draft 2020-12.
enum SchemaDraft: String, Sendable, Hashable, CaseIterable {
    /// Draft 2020-12: `$defs`, `prefixItems`, `$anchor`, `$ref` applied beside its siblings.
    case draft2020_12 = "https://json-schema.org/draft/2020-12/schema"
    /// Draft-07: `definitions`, array-form `items` with `additionalItems`, `$ref` overriding its siblings.
    /// Draft-04 and draft-06 schemas (Catena-X's SAMM-generated ones) are read this way too, with
    /// draft-04's Boolean `exclusiveMinimum` / `exclusiveMaximum`.
    case draft7 = "http://json-schema.org/draft-07/schema#"

    /// The dialect a `$schema` value names; draft 2020-12 when it names none we know as older.
    static func named(by schemaURI: String?) -> SchemaDraft {
        guard let schemaURI else { return .draft2020_12 }
        for older in ["draft-07", "draft-06", "draft-04"] where schemaURI.contains(older) {
            return .draft7
        }
        return .draft2020_12
    }
}
