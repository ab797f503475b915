import Foundation
import TsunaguCore

extension SchemaRegistry {
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
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.resolvingSymlinksInPath().path, isDirectory: &isFolder), isFolder.boolValue else {
            throw DiagnosticsError([Diagnostic(file: directory, message: "cannot read the schema directory")])
        }
        var schemaFiles: [URL] = []
        var indexFiles: [URL] = []
        for url in FolderFiles.files(under: directory) {
            if url.lastPathComponent.hasSuffix(ModelID.schemaFileSuffix) { schemaFiles.append(url) }
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
            let entry = indexed.removeValue(forKey: url.standardizedFileURL.path)
            let file = relativePath(url, root)
            let document: Int
            if let entry {
                document = compiler.add(json, baseURI: entry.dataSchemaURLs[0], file: file, overridingID: true)
            } else {
                document = compiler.add(json, baseURI: url.standardizedFileURL.absoluteString, file: file)
            }
            added.append((document, ModelID(schemaFileName: url.lastPathComponent), Array(entry?.dataSchemaURLs.dropFirst() ?? []), entry?.rule, file))
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
