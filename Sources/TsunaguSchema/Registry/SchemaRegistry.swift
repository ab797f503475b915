import Foundation
import TsunaguCore

/// Every JSON Schema the gateway knows, compiled once: the data models' schemas (by
/// ``ModelID``, from file names `model@version.schema.json`) and the registered Data Model
/// Extensions' schemas (by `$id` / `dataSchema` URL), with the extensions' consistency rules.
///
/// Schemas may `$ref` each other by `$id`. The value is immutable and `Sendable`: load it once
/// and share it.
public struct SchemaRegistry: Sendable {
    private var modelSchemas: [ModelID: JSONSchema] = [:]
    private var urlSchemas: [String: JSONSchema] = [:]
    private var rules: [String: [any ExtensionRule]] = [:]

    /// An empty registry: every `validate` answers `nil` and every footprint is refused for lack of a schema.
    public init() {}

    /// The rules ``load(directory:rules:)`` knows by name unless told otherwise.
    public static let builtInRules: [any ExtensionRule] = [GxDExtensionRule()]

    /// The data models that have a schema.
    public var models: [ModelID] { modelSchemas.keys.sorted() }

    /// Every URL a schema is registered under (`$id`s, `dataSchema` URLs, and `<id>#/$defs/<Name>`
    /// for each definition of a root schema, such as PACT's event bodies).
    public var schemaURLs: [String] { urlSchemas.keys.sorted() }

    /// Loads every `*.schema.json` under `directory` (recursively; `Mappings/` holds `schemas/`
    /// and `extensions/`). An extension folder's `index.json` maps `dataSchema` URLs to its files
    /// and names their rules (see `Mappings/EXTENSIONS.md`).
    /// - Parameters:
    ///   - directory: The folder to search.
    ///   - rules: The extension rules an index may name.
    /// - Throws: ``DiagnosticsError`` with every problem: unreadable or invalid JSON (with line and
    ///   column), malformed schemas (with the pointer into the schema), unresolvable `$ref`s,
    ///   duplicate identifiers, unknown rule names.
    public static func load(directory: String, rules: [any ExtensionRule] = builtInRules) throws(DiagnosticsError) -> SchemaRegistry {
        let root = URL(fileURLWithPath: directory)
        var diagnostics: [Diagnostic] = []
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else {
            throw DiagnosticsError([Diagnostic(file: directory, message: "cannot read the schema directory")])
        }
        var schemaFiles: [URL] = []
        var indexFiles: [URL] = []
        for case let url as URL in enumerator {
            if url.lastPathComponent.hasSuffix(".schema.json") { schemaFiles.append(url) }
            if url.lastPathComponent == "index.json", url.pathComponents.contains("extensions") { indexFiles.append(url) }
        }
        schemaFiles.sort { $0.path < $1.path }
        indexFiles.sort { $0.path < $1.path }

        var indexed: [String: ExtensionIndex.Entry] = [:]
        for url in indexFiles {
            guard let json = parse(url, relativeTo: root, into: &diagnostics) else { continue }
            let index = ExtensionIndex.read(json, file: relativePath(url, root), diagnostics: &diagnostics)
            for entry in index.entries {
                indexed[url.deletingLastPathComponent().appendingPathComponent(entry.file).standardizedFileURL.path] = entry
            }
        }

        var compiler = SchemaCompiler()
        var added: [(document: Int, model: ModelID?, aliases: [String], rule: String?, file: String)] = []
        for url in schemaFiles {
            guard let json = parse(url, relativeTo: root, into: &diagnostics) else { continue }
            let name = String(url.lastPathComponent.dropLast(".schema.json".count))
            let entry = indexed.removeValue(forKey: url.standardizedFileURL.path)
            let file = relativePath(url, root)
            let document: Int
            if let entry {
                document = compiler.add(json, baseURI: entry.dataSchemaURLs[0], file: file, overridingID: true)
            } else {
                document = compiler.add(json, baseURI: url.standardizedFileURL.absoluteString, file: file)
            }
            added.append((document, ModelID(name), Array(entry?.dataSchemaURLs.dropFirst() ?? []), entry?.rule, file))
        }
        for path in indexed.keys.sorted() {
            diagnostics.append(Diagnostic(file: path, message: "an extension index lists this schema file, but it does not exist"))
        }

        var registry = SchemaRegistry()
        var roots: [(node: Int, base: String, model: ModelID?, aliases: [String], rule: String?, file: String)] = []
        var definitions: [(url: String, node: Int)] = []
        for item in added {
            let document = compiler.documents[item.document]
            roots.append((compiler.compileRoot(ofDocument: item.document), document.baseURI, item.model, item.aliases, item.rule, item.file))
            // Each definition of a root schema is addressable by URL (PACT's event bodies).
            for name in (document.json["$defs"]?.objectValue ?? [:]).keys.sorted() {
                let url = document.baseURI + "#" + JSONPointer(tokens: ["$defs", name]).description
                if let node = compiler.compile(uri: url) { definitions.append((url, node)) }
            }
        }
        diagnostics += compiler.diagnostics
        let nodes = compiler.nodes
        for root in roots {
            let schema = JSONSchema(nodes: nodes, root: root.node)
            if let model = root.model { registry.modelSchemas[model] = schema }
            for url in [root.base] + root.aliases { registry.urlSchemas[url] = schema }
            guard let ruleName = root.rule else { continue }
            if let rule = rules.first(where: { $0.name == ruleName }) {
                for url in [root.base] + root.aliases { registry.rules[url, default: []].append(rule) }
            } else {
                diagnostics.append(Diagnostic(file: root.file, message: "its extension index names the rule \"\(ruleName)\", which is not known (known: \(rules.map(\.name).joined(separator: ", ")))"))
            }
        }
        for definition in definitions {
            registry.urlSchemas[definition.url] = JSONSchema(nodes: nodes, root: definition.node)
        }
        guard !diagnostics.containsErrors else { throw DiagnosticsError(diagnostics) }
        return registry
    }

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

    private static func relativePath(_ url: URL, _ root: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = root.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }

    private static func parse(_ url: URL, relativeTo root: URL, into diagnostics: inout [Diagnostic]) -> JSONValue? {
        let file = relativePath(url, root)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            diagnostics.append(Diagnostic(file: file, message: "cannot read the file"))
            return nil
        }
        do {
            return try JSONParser(maximumDepth: 256).parse([UInt8](data))
        } catch {
            diagnostics.append(Diagnostic(file: file, line: error.line, message: "invalid JSON at column \(error.column): \(error.reason)"))
            return nil
        }
    }
}
