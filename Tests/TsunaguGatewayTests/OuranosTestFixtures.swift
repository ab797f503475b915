import TsunaguCore
import TsunaguMapping
import TsunaguRelay

/// Relay documents for the Ouranos tests.
enum RelayDocumentFixture {
    static func ouranos(_ json: JSONValue) -> RelayDocument { RelayDocument(json: json, model: .ouranos3) }
    static func pivot(_ json: JSONValue) -> RelayDocument { RelayDocument(json: json, model: MappingCatalog.pivot) }
}
