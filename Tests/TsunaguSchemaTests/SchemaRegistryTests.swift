import Foundation
import Testing
import TsunaguCore
@testable import TsunaguSchema

/// The registry over the repository's `Mappings/`, loaded once for all tests.
enum SharedRegistry {
    static let result: Result<SchemaRegistry, DiagnosticsError> = {
        do throws(DiagnosticsError) {
            return .success(try SchemaRegistry.load(directory: ReferenceFiles.mappings.path))
        } catch {
            return .failure(error)
        }
    }()

    static func get() throws -> SchemaRegistry { try result.get() }

    static func fixture(_ name: String) throws -> JSONValue {
        try ReferenceFiles.json(ReferenceFiles.fixtures.appendingPathComponent(name))
    }
}

struct SchemaRegistryTests {
    static let gxdEnglish = "https://github.com/Green-x-Digital-Consortium/data-model-extensions/blob/main/specs/GxD_schema_en.json"
    static let gxdJapanese = "https://github.com/Green-x-Digital-Consortium/data-model-extensions/blob/main/specs/GxD_schema_jp.json"

    @Test func loadsEveryModelAndExtensionUnderMappings() throws {
        let registry = try SharedRegistry.get()
        #expect(Set(registry.models).isSuperset(of: [.pact22, .pact23, .pact3]))
        let urls = Set(registry.schemaURLs)
        #expect(urls.contains(Self.gxdEnglish))
        #expect(urls.contains(Self.gxdJapanese))
        #expect(urls.contains("https://raw.githubusercontent.com/Green-x-Digital-Consortium/data-model-extensions/main/specs/GxD_schema_jp.json"))
        for event in ["RequestCreatedEvent", "PublishedEvent", "RequestFulfilledEvent", "RequestRejectedEvent"] {
            #expect(urls.contains("urn:tsunagu:schema:pact@3.0.0#/$defs/\(event)"))
            #expect(urls.contains("urn:tsunagu:schema:pact@2.3.0#/$defs/\(event)"))
        }
    }

    @Test func unknownModelOrURLAnswersNil() throws {
        let registry = try SharedRegistry.get()
        #expect(registry.validate(.object([:]), model: ModelID(model: "nope", version: "1.0.0")) == nil)
        #expect(registry.validate(.object([:]), schemaURL: "https://example.com/none") == nil)
        let problems = registry.validateFootprint(.object([:]), model: ModelID(model: "nope", version: "1.0.0"))
        #expect(problems.containsErrors)
    }

    @Test(arguments: ["gxd-product-based.pact3.json", "gxd-organization-based.pact3.json"])
    func demoFootprintsAreClean(_ name: String) throws {
        let registry = try SharedRegistry.get()
        let document = try ReferenceFiles.json(ReferenceFiles.mappings.appendingPathComponent("examples").appendingPathComponent(name))
        #expect(registry.validateFootprint(document, model: .pact3).map(\.description) == [])
    }

    @Test func decimalAsNumberIsRefusedWithPointerAndFix() throws {
        let registry = try SharedRegistry.get()
        var document = try SharedRegistry.fixture("gxd-product.pact3.json")
        try document.put(.number(try #require(JSONNumber(text: "1.5"))), at: "/pcf/declaredUnitAmount")
        let problems = try #require(registry.validate(document, model: .pact3))
        #expect(problems.map(\.description) == [#"error: /pcf/declaredUnitAmount: expected a string matching ^-?\d+(\.\d+)?$, found number 1.5"#])
    }

    @Test func eventBodiesValidateByURL() throws {
        let registry = try SharedRegistry.get()
        let url = "urn:tsunagu:schema:pact@3.0.0#/$defs/RequestCreatedEvent"
        let event = try JSONParser().parse(#"""
            {"type":"org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3","specversion":"1.0","id":"e-1",
             "source":"//api.example.com/3/events","time":"2025-03-05T17:31:00Z",
             "data":{"productId":["urn:pact:sample.com:product-id:44055"]}}
            """#)
        #expect(registry.validate(event, schemaURL: url) == [])
        var wrong = event
        try wrong.put("org.wbcsd.pact.ProductFootprint.PublishedEvent.3", at: "/type")
        try wrong.delete(at: "/time")
        let problems = try #require(registry.validate(wrong, schemaURL: url))
        #expect(Set(problems.compactMap { $0.pointer?.description }) == ["", "/type"])
    }

    @Test func unknownExtensionsAreKeptAndPass() throws {
        let registry = try SharedRegistry.get()
        var document = try SharedRegistry.fixture("gxd-product.pact3.json")
        try document.put(["nested": [1, "x", nil]], at: "/extensions/0/data")
        #expect(!registry.validateFootprint(document, model: .pact3).containsErrors)
        #expect(document["extensions"]?[0]?["data"]?["nested"] != nil)
    }

    @Test func extensionProblemsCarryFullDocumentPointers() throws {
        let registry = try SharedRegistry.get()
        var document = try SharedRegistry.fixture("gxd-product.pact3.json")
        try document.put("2", at: "/extensions/1/data/calcMethod")
        try document.put(1, at: "/extensions/1/data/certificate/certificateType")
        let problems = registry.validateFootprint(document, model: .pact3)
        #expect(Set(problems.compactMap { $0.pointer?.description }) == [
            "/extensions/1/data/calcMethod", "/extensions/1/data/certificate/certificateType",
        ])
    }

    @Test func picksUpSchemasOtherEngineersAddAndResolvesRefsBetweenThem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("schemas"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"$id":"https://example.com/shared/quantity.json","type":"object","required":["value"],"properties":{"value":{"type":"number","minimum":0}}}"#
            .write(to: directory.appendingPathComponent("schemas/quantity.schema.json"), atomically: true, encoding: .utf8)
        try #"{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"pcf":{"$ref":"https://example.com/shared/quantity.json"}}}"#
            .write(to: directory.appendingPathComponent("schemas/catenax-pcf@9.0.0.schema.json"), atomically: true, encoding: .utf8)
        let registry = try SchemaRegistry.load(directory: directory.path)
        #expect(registry.models == [.catenaX9])
        let problems = try #require(registry.validate(try JSONParser().parse(#"{"pcf":{"value":-0.00000000000000000001}}"#), model: .catenaX9))
        #expect(problems.map { $0.pointer?.description } == ["/pcf/value"])
    }

    @Test func brokenFilesAreAllReportedTogether() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("extensions/x"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "{\n  \"type\": \"object\",\n  \"properties\": {,}\n}".write(to: directory.appendingPathComponent("a@1.0.0.schema.json"), atomically: true, encoding: .utf8)
        try ##"{"type":"objekt","$ref":"#/$defs/none"}"##.write(to: directory.appendingPathComponent("b@1.0.0.schema.json"), atomically: true, encoding: .utf8)
        try #"{"type":"object"}"#.write(to: directory.appendingPathComponent("extensions/x/x.schema.json"), atomically: true, encoding: .utf8)
        try #"{"schemas":[{"file":"x.schema.json","dataSchema":["https://example.com/x"],"rule":"no-such-rule"}]}"#
            .write(to: directory.appendingPathComponent("extensions/x/index.json"), atomically: true, encoding: .utf8)
        #expect {
            try SchemaRegistry.load(directory: directory.path)
        } throws: { error in
            guard let error = error as? DiagnosticsError else { return false }
            let text = error.diagnostics.map(\.description)
            return error.diagnostics.count == 4
                && text.contains { $0.hasPrefix("a@1.0.0.schema.json:3: error: invalid JSON") }
                && text.contains { $0.hasPrefix("b@1.0.0.schema.json: error: /type:") }
                && text.contains { $0.hasPrefix("b@1.0.0.schema.json: error: /$ref:") }
                && text.contains { $0.hasPrefix("extensions/x/x.schema.json: error:") && $0.contains("no-such-rule") }
        }
    }
}
