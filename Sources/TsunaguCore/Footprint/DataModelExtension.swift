/// A PACT Data Model Extension: extra data about a footprint, identified by the URL of the JSON
/// Schema that describes it (`dataSchema`).
///
/// The gateway validates an extension against the schema it has registered for that URL and
/// passes an extension with an unknown schema through untouched.
public struct DataModelExtension: Sendable, Hashable {
    /// The version of the extension framework (`"2.0.0"` in PACT v2.x and v3.0).
    public var specVersion: String
    /// The URL of the extension's JSON Schema; it identifies the extension.
    public var dataSchema: String
    /// Optional URL of human-readable documentation.
    public var documentation: String?
    /// The extension's content.
    public var data: JSONValue

    /// Creates an extension.
    public init(specVersion: String = "2.0.0", dataSchema: String, documentation: String? = nil, data: JSONValue) {
        self.specVersion = specVersion
        self.dataSchema = dataSchema
        self.documentation = documentation
        self.data = data
    }

    /// Reads an extension from its JSON object; `nil` when `specVersion`, `dataSchema` or `data` is missing.
    public init?(json: JSONValue) {
        guard let specVersion = json["specVersion"]?.stringValue, let dataSchema = json["dataSchema"]?.stringValue,
            let data = json["data"]
        else { return nil }
        self.init(specVersion: specVersion, dataSchema: dataSchema, documentation: json["documentation"]?.stringValue, data: data)
    }

    /// The extension as a JSON object.
    public var json: JSONValue {
        var members: JSONObject = ["specVersion": .string(specVersion), "dataSchema": .string(dataSchema), "data": data]
        if let documentation { members["documentation"] = .string(documentation) }
        return .object(members)
    }
}
