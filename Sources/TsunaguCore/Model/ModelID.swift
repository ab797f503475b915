/// A data model and its version, written `model@version`: `pact@3.0.0`, `pact@2.3.0`,
/// `pact@2.2.0`, `catenax-pcf@9.0.0`, `catenax-pcf@7.0.0`, `ouranos-cfp@3.0.0`.
///
/// The same identifiers are used in mapping files, on the command line and in the API.
public struct ModelID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The model family, such as `pact`.
    public let model: String
    /// The version, such as `3.0.0`.
    public let version: String

    /// Creates an identifier from its parts.
    public init(model: String, version: String) {
        self.model = model
        self.version = version
    }

    /// Parses `model@version`; `nil` when either part is missing or contains whitespace.
    public init?(_ description: String) {
        let parts = description.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            !description.contains(where: \.isWhitespace)
        else { return nil }
        self.init(model: String(parts[0]), version: String(parts[1]))
    }

    public var description: String { "\(model)@\(version)" }

    /// The file name ending of a model's JSON Schema (`pact@3.0.0.schema.json`).
    public static let schemaFileSuffix = ".schema.json"

    /// The model whose schema file is named `fileName` (`MODEL@VERSION.schema.json`); `nil` for
    /// other names (an extension's schema, say).
    public init?(schemaFileName fileName: String) {
        guard fileName.hasSuffix(Self.schemaFileSuffix) else { return nil }
        self.init(String(fileName.dropLast(Self.schemaFileSuffix.count)))
    }

    public static func < (lhs: ModelID, rhs: ModelID) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = ModelID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not of the form model@version"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// PACT Technical Specifications v3.0: the canonical pivot.
    public static let pact3 = ModelID(model: "pact", version: "3.0.0")
    /// PACT Technical Specifications v2.3.
    public static let pact23 = ModelID(model: "pact", version: "2.3.0")
    /// PACT Technical Specifications v2.2.
    public static let pact22 = ModelID(model: "pact", version: "2.2.0")
    /// Catena-X PCF aspect model 9.0.0.
    public static let catenaX9 = ModelID(model: "catenax-pcf", version: "9.0.0")
    /// Catena-X PCF aspect model 7.0.0 (aligned with PACT v2).
    public static let catenaX7 = ModelID(model: "catenax-pcf", version: "7.0.0")
    /// The Ouranos CFP document (see `Mappings/README.md`).
    public static let ouranos3 = ModelID(model: "ouranos-cfp", version: "3.0.0")

    /// The models Tsunagu ships mappings for: PACT v3.0, v2.3 and v2.2, the Catena-X PCF aspect
    /// model 10.0.0, 9.0.0, 8.0.0 and 7.0.0, and the Ouranos CFP document.
    public static let shipped: [ModelID] = [
        pact3, pact23, pact22,
        ModelID(model: "catenax-pcf", version: "10.0.0"), catenaX9, ModelID(model: "catenax-pcf", version: "8.0.0"), catenaX7,
        ouranos3,
    ]
}
