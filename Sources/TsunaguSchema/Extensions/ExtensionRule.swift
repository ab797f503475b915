import TsunaguCore

/// A consistency rule for one kind of PACT Data Model Extension: what the extension's text
/// requires but its JSON Schema cannot express (relations between fields, or between the
/// extension and the footprint that carries it).
///
/// An extension index (`index.json` beside the extension's schemas) names the rule that applies
/// to each `dataSchema` URL; ``SchemaRegistry`` runs it after the extension's data has been
/// validated against its schema.
public protocol ExtensionRule: Sendable {
    /// The name extension indexes use for this rule (`"rule": "gxd"`).
    var name: String { get }

    /// Every problem with one extension's `data`; pointers are full document pointers
    /// (start from ``ExtensionContext/dataPointer``). Warnings do not make the footprint invalid.
    func check(_ data: JSONValue, in context: ExtensionContext) -> [Diagnostic]
}

/// Where an extension sits: the footprint that carries it, in which data model.
public struct ExtensionContext: Sendable {
    /// The whole footprint document.
    public let footprint: JSONValue
    /// The data model of the footprint (field names differ between PACT v2 and v3).
    public let model: ModelID
    /// The `dataSchema` URL the extension was registered under.
    public let dataSchema: String
    /// The pointer to the extension's `data` in the footprint, such as `/extensions/0/data`.
    public let dataPointer: JSONPointer

    /// Creates a context.
    public init(footprint: JSONValue, model: ModelID, dataSchema: String, dataPointer: JSONPointer) {
        self.footprint = footprint
        self.model = model
        self.dataSchema = dataSchema
        self.dataPointer = dataPointer
    }

    /// Whether the footprint uses PACT v2 field names (`pCfExcludingBiogenic`, ...).
    public var usesPACTVersion2Names: Bool { model.model == "pact" && model.version.hasPrefix("2.") }
}
