import TsunaguCore

/// Every JSON Schema the gateway knows, compiled once: the data models' schemas (by
/// ``ModelID``, from file names `model@version.schema.json`) and the registered Data Model
/// Extensions' schemas (by `$id` / `dataSchema` URL), with the extensions' consistency rules.
///
/// Schemas may `$ref` each other by `$id`. The value is immutable and `Sendable`: load it once
/// and share it (loading is in `SchemaRegistry+Loading.swift`).
public struct SchemaRegistry: Sendable {
    var modelSchemas: [ModelID: JSONSchema] = [:]
    var urlSchemas: [String: JSONSchema] = [:]
    var rules: [String: [any ExtensionRule]] = [:]

    /// An empty registry: every `validate` answers `nil` and every footprint is refused for lack of a schema.
    public init() {}

    /// The rules ``load(directory:rules:)`` knows by name unless told otherwise.
    public static let builtInRules: [any ExtensionRule] = [GxDExtensionRule()]

    /// The data models that have a schema.
    public var models: [ModelID] { modelSchemas.keys.sorted() }

    /// Every URL a schema is registered under (`$id`s, `dataSchema` URLs, and `<id>#/$defs/<Name>`
    /// for each definition of a root schema, such as PACT's event bodies).
    public var schemaURLs: [String] { urlSchemas.keys.sorted() }

    /// The schema of a data model, when one is registered.
    public func schema(for model: ModelID) -> JSONSchema? { modelSchemas[model] }

    /// The schema registered under a URL (`$id`, `dataSchema`, or `<id>#/$defs/<Name>`), when there is one.
    public func schema(forURL url: String) -> JSONSchema? { urlSchemas[url] }

    /// Every violation of `model`'s schema in `value`; `nil` when no schema is registered for `model`.
    public func validate(_ value: JSONValue, model: ModelID) -> [Diagnostic]? {
        modelSchemas[model]?.validate(value)
    }

    /// Every violation of the schema registered under `schemaURL`; `nil` when the URL is unknown.
    public func validate(_ value: JSONValue, schemaURL: String) -> [Diagnostic]? {
        urlSchemas[schemaURL]?.validate(value)
    }

    /// The same registry with `rule` also applied to extensions with these `dataSchema` URLs.
    public func adding(_ rule: any ExtensionRule, forDataSchemas urls: [String]) -> SchemaRegistry {
        var copy = self
        for url in urls { copy.rules[url, default: []].append(rule) }
        return copy
    }

    /// Validates a footprint completely: the document against `model`'s schema, then every entry
    /// of its `extensions` array whose `dataSchema` is registered, against that schema and that
    /// extension's rules. Extensions with an unknown `dataSchema` are kept and pass. Pointers are
    /// full document pointers (`/extensions/0/data/gateToGate/...`).
    /// - Returns: Every problem; the footprint is valid when none is an error (see
    ///   `Array<Diagnostic>.containsErrors`). No schema for `model` is itself an error.
    public func validateFootprint(_ value: JSONValue, model: ModelID) -> [Diagnostic] {
        guard let schema = modelSchemas[model] else {
            return [Diagnostic(pointer: .root, message: "no JSON Schema is registered for \(model) (known: \(models.map(\.description).joined(separator: ", ")))")]
        }
        var problems = schema.validate(value)
        guard let extensions = value["extensions"]?.arrayValue else { return problems }
        for (offset, entry) in extensions.enumerated() {
            guard let url = entry["dataSchema"]?.stringValue, let data = entry["data"] else { continue }
            let dataPointer = JSONPointer(tokens: ["extensions", String(offset), "data"])
            if let extensionSchema = urlSchemas[url] {
                problems += extensionSchema.validate(data, at: dataPointer)
            }
            let context = ExtensionContext(footprint: value, model: model, dataSchema: url, dataPointer: dataPointer)
            for rule in rules[url] ?? [] {
                problems += rule.check(data, in: context)
            }
        }
        return problems
    }
}
