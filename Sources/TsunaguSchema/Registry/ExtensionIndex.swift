import TsunaguCore

/// An extension folder's `index.json`: which `dataSchema` URLs each schema file answers to, and
/// which ``ExtensionRule`` applies.
///
/// ```json
/// {"schemas": [{"file": "GxD_schema_en.schema.json", "language": "en", "rule": "gxd",
///               "dataSchema": ["https://github.com/.../GxD_schema_en.json"]}]}
/// ```
/// The first URL is the schema's identity (it replaces the file's own `$id`, which publishers
/// sometimes get wrong); the others are aliases.
struct ExtensionIndex {
    struct Entry {
        var file: String
        var dataSchemaURLs: [String]
        var rule: String?
    }

    var entries: [Entry] = []

    /// Reads an index, reporting every malformed entry against `file`.
    static func read(_ json: JSONValue, file: String, diagnostics: inout [Diagnostic]) -> ExtensionIndex {
        var index = ExtensionIndex()
        guard let schemas = json["schemas"]?.arrayValue else {
            diagnostics.append(Diagnostic(file: file, pointer: "/schemas", message: "an extension index needs a \"schemas\" array"))
            return index
        }
        for (offset, entry) in schemas.enumerated() {
            let place = JSONPointer(tokens: ["schemas", String(offset)])
            guard let name = entry["file"]?.stringValue, name.hasSuffix(".schema.json") else {
                diagnostics.append(Diagnostic(file: file, pointer: place.appending("file"), message: "\"file\" must name a *.schema.json file beside the index"))
                continue
            }
            let urls = entry["dataSchema"]?.arrayValue?.compactMap(\.stringValue) ?? entry["dataSchema"]?.stringValue.map { [$0] } ?? []
            guard !urls.isEmpty else {
                diagnostics.append(Diagnostic(file: file, pointer: place.appending("dataSchema"), message: "\"dataSchema\" must list at least one URL"))
                continue
            }
            index.entries.append(Entry(file: name, dataSchemaURLs: urls, rule: entry["rule"]?.stringValue))
        }
        return index
    }
}
