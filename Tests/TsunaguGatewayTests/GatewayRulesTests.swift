import Foundation
import Testing
import TsunaguCore
@testable import TsunaguGateway

@Suite struct GatewayRulesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A private copy of Policies/ that a test may break.
    func copyOfPolicies() throws -> String {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-rules-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Policies"), to: target)
        return target.path
    }

    @Test func aBrokenFileIsRefusedAndTheLastGoodSetKeepsServing() throws {
        let mappings = Self.root.appendingPathComponent("Mappings").path
        let policies = try copyOfPolicies()
        let rules = try GatewayRules.load(mappings: mappings, policies: policies)
        let before = rules.snapshot
        #expect(before.policies.policyCount > 0)

        let broken = policies + "/zz-broken.json"
        try #"{"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "permission": [{"action": "use", "constraint": [{"leftOperand": "shoeSize", "operator": "eq", "rightOperand": "42"}]}]}"#
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let problems = rules.reload(mappings: mappings, policies: policies)
        #expect(problems.containsErrors)
        #expect(problems.contains { $0.file?.hasSuffix("zz-broken.json") == true })
        #expect(rules.snapshot.loaded == before.loaded)

        try FileManager.default.removeItem(atPath: broken)
        #expect(rules.reload(mappings: mappings, policies: policies).isEmpty)
        #expect(rules.snapshot.loaded > before.loaded)
        #expect(rules.snapshot.policies.policyCount == before.policies.policyCount)
    }

    /// A policy the gateway could not enforce as written is refused when the rules load: a
    /// prohibition on a fact no protocol tells the gateway, and an obligation on a field that a
    /// PACT v3.0 footprint does not have (the PACT v2 name).
    @Test func aPolicyTheGatewayCannotEnforceIsRefusedAtLoad() throws {
        let mappings = Self.root.appendingPathComponent("Mappings").path
        let policies = try copyOfPolicies()
        let rules = try GatewayRules.load(mappings: mappings, policies: policies)
        try """
            {"@type": "Set", "@id": "zz-purpose", "tsunagu:assignTo": {"tenant": "zz"},
             "prohibition": [{"action": "use", "constraint": {"leftOperand": "UsagePurpose", "operator": "isAnyOf", "rightOperand": ["cx.marketing:1"]}}],
             "permission": [{"action": "use", "duty": [
               {"action": "tsunagu:redact", "tsunagu:fields": ["/comment", "/coment"]},
               {"action": "tsunagu:reducePrecision", "tsunagu:fields": ["/pcf/pCfExcludingBiogenic", "/pcf/pcfExcludingBiogenicUptake"], "tsunagu:scale": 2}]}]}
            """.write(toFile: policies + "/zz.json", atomically: true, encoding: .utf8)
        let problems = rules.reload(mappings: mappings, policies: policies)
        let messages = problems.filter { $0.file?.hasSuffix("zz.json") == true }.map(\.message)
        #expect(messages.count == 3, "got \(problems.map(\.description))")
        #expect(messages.contains { $0.contains("does not learn a requester's UsagePurpose") })
        #expect(messages.contains { $0.contains("redact names /coment") })
        #expect(messages.contains { $0.contains("reducePrecision names /pcf/pCfExcludingBiogenic,") })
        // Each with the line it is on, as every other load problem is.
        let lines = problems.filter { $0.file?.hasSuffix("zz.json") == true }.map(\.line)
        #expect(lines == [2, 4, 5], "\(problems.map(\.description))")
    }

    /// A reload that would stop checking or serving a model is refused: the schemas folder moved
    /// away (documents would go out unchecked, obligations unchecked), or a mapping deleted.
    @Test func aReloadThatLosesAModelIsRefused() throws {
        let mappings = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-mappings-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Self.root.appendingPathComponent("Mappings").path, toPath: mappings)
        let policies = try copyOfPolicies()
        let rules = try GatewayRules.load(mappings: mappings, policies: policies)
        let before = rules.snapshot.generation

        try FileManager.default.moveItem(atPath: mappings + "/schemas", toPath: mappings + "-schemas-elsewhere")
        let withoutSchemas = rules.reload(mappings: mappings, policies: policies)
        #expect(withoutSchemas.contains { $0.message.contains("no JSON Schema for pact@3.0.0") }, "\(withoutSchemas.map(\.description))")
        #expect(rules.snapshot.generation == before, "the last good set keeps serving")
        try FileManager.default.moveItem(atPath: mappings + "-schemas-elsewhere", toPath: mappings + "/schemas")

        try FileManager.default.removeItem(atPath: mappings + "/schemas/catenax-pcf@9.0.0.schema.json")
        let withoutOne = rules.reload(mappings: mappings, policies: policies)
        #expect(withoutOne.contains { $0.message.contains("JSON Schema of catenax-pcf@9.0.0 is gone") }, "\(withoutOne.map(\.description))")
        #expect(rules.snapshot.generation == before)
        try FileManager.default.copyItem(
            atPath: Self.root.appendingPathComponent("Mappings/schemas/catenax-pcf@9.0.0.schema.json").path, toPath: mappings + "/schemas/catenax-pcf@9.0.0.schema.json")

        try FileManager.default.removeItem(atPath: mappings + "/pact/pact3-to-pact23.mapping.yaml")
        let withoutV2 = rules.reload(mappings: mappings, policies: policies)
        #expect(withoutV2.contains { $0.message.contains("no mapping from pact@3.0.0 to pact@2.3.0") }, "\(withoutV2.map(\.description))")
        #expect(rules.snapshot.generation == before)
        #expect(throws: DiagnosticsError.self) { try GatewayRules.load(mappings: mappings, policies: policies) }
    }
}
