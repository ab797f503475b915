import Foundation
import Testing
import TsunaguCore
import TsunaguMapping
import TsunaguPolicy
import TsunaguRelay
import TsunaguStore
@testable import TsunaguGateway

/// A stored footprint's origin is the model its import carried from: a policy on
/// `OriginEcosystem` applies to footprints imported from Ouranos or Catena-X, not only to relayed ones.
@Suite struct StoredFootprintOriginTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let mappings = root.appendingPathComponent("Mappings").path

    func json(_ path: String) throws -> JSONValue {
        try JSONParser().parse(try Data(contentsOf: Self.root.appendingPathComponent(path)))
    }

    @Test func theOriginIsTheModelTheCarryCameFrom() throws {
        let catalog = try MappingCatalog.load(directory: Self.mappings)
        let ouranos = try catalog.translate(json("Mappings/ouranos/examples/motor-stator.ouranos-cfp@3.0.0.json"), from: .ouranos3, to: .pact3).document
        #expect(catalog.originModel(of: ouranos) == .ouranos3)
        #expect(DataEcosystem.origin(of: ouranos, in: catalog) == .ouranos)
        let catenaX = try json("Mappings/catenax/examples/aluminium-housing.pact@3.0.0.json")
        #expect(DataEcosystem.origin(of: catenaX, in: catalog) == .catenax)
        let pact = try json("Demo/footprints/01-steel-coil-jp.json")
        #expect(catalog.originModel(of: pact) == nil)
        #expect(DataEcosystem.origin(of: pact, in: catalog) == .pact)
    }

    @Test func aProhibitionOnTheOriginDeniesAStoredImport() throws {
        let policies = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-origin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        try """
            {"@type": "Set", "@id": "no-ouranos", "tsunagu:assignTo": {"tenant": "demo"},
             "permission": [{"action": "use"}],
             "prohibition": [{"action": "use", "constraint": {"leftOperand": "tsunagu:OriginEcosystem", "operator": "eq", "rightOperand": "ouranos"}}]}
            """.write(toFile: policies + "/no-ouranos.json", atomically: true, encoding: .utf8)
        let rules = try GatewayRules.load(mappings: Self.mappings, policies: policies)
        let gate = RulesReleaseGate(rules: rules)
        let client = Requester(ecosystem: .pact, tenant: "demo", clientID: "demo-client")
        func stored(_ document: JSONValue) throws -> StoredFootprint {
            StoredFootprint(tenant: "demo", footprint: try ProductFootprint(document: document), sequence: 1, stored: Date(), updated: Date())
        }
        let imported = try rules.snapshot.catalog.translate(json("Mappings/ouranos/examples/motor-stator.ouranos-cfp@3.0.0.json"), from: .ouranos3, to: .pact3).document
        guard case .denied = gate.encodedRelease(try stored(imported), to: client, action: .use, as: .pact3, now: Date()) else {
            Issue.record("a footprint imported from Ouranos was released despite the prohibition on its origin")
            return
        }
        guard case .permitted = gate.encodedRelease(try stored(json("Demo/footprints/01-steel-coil-jp.json")), to: client, action: .use, as: .pact3, now: Date()) else {
            Issue.record("a PACT footprint was refused")
            return
        }
    }

    /// A footprint served into another ecosystem than it came from is distributed there, on the
    /// PACT host as on the relay: a `distribute` prohibition (Catena-X's third-party restriction)
    /// holds, and the obligations of a `distribute` permission are applied.
    @Test func aStoredImportServedIntoAnotherEcosystemIsDecidedAsADistribution() throws {
        let policies = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-origin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        try """
            {"@type": "Set", "@id": "no-third-party", "tsunagu:assignTo": {"tenant": "demo"},
             "permission": [{"action": "use"}, {"action": "distribute", "duty": [{"action": "tsunagu:redact", "tsunagu:fields": ["/comment"]}]}]}
            """.write(toFile: policies + "/no-third-party.json", atomically: true, encoding: .utf8)
        let rules = try GatewayRules.load(mappings: Self.mappings, policies: policies)
        let gate = RulesReleaseGate(rules: rules)
        func stored(_ document: JSONValue) throws -> StoredFootprint {
            StoredFootprint(tenant: "demo", footprint: try ProductFootprint(document: document), sequence: 1, stored: Date(), updated: Date())
        }
        var catenaX = try json("Mappings/catenax/examples/aluminium-housing.pact@3.0.0.json")
        _ = catenaX.set("a comment the owner shares within Catena-X", at: JSONPointer(tokens: ["comment"]))
        let pactClient = Requester(ecosystem: .pact, tenant: "demo", clientID: "demo-client")
        let release = gate.encodedRelease(try stored(catenaX), to: pactClient, action: .use, as: .pact3, now: Date())
        guard case .permitted(let document, let record) = release else {
            Issue.record("refused: \(release.record.decision)")
            return
        }
        #expect(document.value["comment"] == nil, "the distribute permission's redaction was not applied")
        #expect(record.decision["reasons"]?.arrayValue?.contains { $0["message"]?.stringValue?.contains("grants distribute") == true } == true, "\(record.decision)")
        #expect(record.decision["action"] == "use", "the release is stated under the action asked for")
        let member = Requester(ecosystem: .catenax, tenant: "demo", businessPartnerNumber: "BPNL00000003AYRE")
        guard case .permitted(let inside, _) = gate.encodedRelease(try stored(catenaX), to: member, action: .use, as: .pact3, now: Date()) else {
            Issue.record("a Catena-X requester was refused its own ecosystem's footprint")
            return
        }
        #expect(inside.value["comment"] != nil, "used within its own ecosystem, the footprint is not distributed")

        try """
            {"@type": "Set", "@id": "no-third-party", "tsunagu:assignTo": {"tenant": "demo"},
             "permission": [{"action": "use"}, {"action": "distribute"}],
             "prohibition": [{"action": "use", "constraint": {"leftOperand": "UsageRestriction", "operator": "isAllOf", "rightOperand": ["cx.thirdParty.forbidden:1"]}}]}
            """.write(toFile: policies + "/no-third-party.json", atomically: true, encoding: .utf8)
        let forbidding = RulesReleaseGate(rules: try GatewayRules.load(mappings: Self.mappings, policies: policies))
        guard case .denied = forbidding.encodedRelease(try stored(catenaX), to: pactClient, action: .use, as: .pact3, now: Date()) else {
            Issue.record("a Catena-X footprint forbidden to third parties was served to a PACT client")
            return
        }
        guard case .permitted = forbidding.encodedRelease(try stored(json("Demo/footprints/01-steel-coil-jp.json")), to: pactClient, action: .use, as: .pact3, now: Date()) else {
            Issue.record("a PACT footprint served to a PACT client is not distributed, and was refused")
            return
        }
    }
}
