import Foundation
import Testing
import TsunaguCore
import TsunaguPolicy
import TsunaguStore
@testable import TsunaguGateway

/// The gate decides every release, and reuses renderings only while nothing they depend on changed.
@Suite struct RulesReleaseGateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let mappings = root.appendingPathComponent("Mappings").path
    let demoClient = Requester(ecosystem: .pact, tenant: "demo", clientID: "demo-client")

    /// A private copy of Policies/ that a test may change.
    func copyOfPolicies() throws -> String {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-gate-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Policies"), to: target)
        return target.path
    }

    func demoFootprint(_ name: String, editing edit: (inout JSONValue) -> Void = { _ in }) throws -> StoredFootprint {
        var document = try JSONParser().parse(try String(contentsOfFile: Self.root.appendingPathComponent("Demo/footprints/\(name)").path, encoding: .utf8))
        edit(&document)
        return StoredFootprint(tenant: "demo", footprint: try ProductFootprint(document: document), sequence: 1, stored: Date(), updated: Date())
    }

    func text(_ outcome: EncodedRelease) -> String? {
        guard case .permitted(let document, _) = outcome else { return nil }
        #expect(document.bytes == JSONWriter().bytes(document.value))
        return String(decoding: document.bytes, as: UTF8.self)
    }

    @Test func everyReleaseIsDecidedAndRecordedThoughItsRenderingIsReused() throws {
        let rules = try GatewayRules.load(mappings: Self.mappings, policies: Self.root.appendingPathComponent("Policies").path)
        let gate = RulesReleaseGate(rules: rules)
        let cable = try demoFootprint("07-cable-redacted-jp.json")
        let first = gate.encodedRelease(cable, to: demoClient, action: .use, as: .pact23, now: Date())
        let second = gate.encodedRelease(cable, to: demoClient, action: .use, as: .pact23, now: Date())
        #expect(gate.renderings.count == 1)
        #expect(text(first) != nil)
        #expect(text(first) == text(second))
        #expect(text(second)?.contains("evaluation only") == true)
        #expect(first.record.mustRecord && second.record.mustRecord)
        #expect(second.record.mappings.arrayValue?.isEmpty == false)
        #expect(second.record.decision["decision"] == "permit")

        let stranger = Requester(ecosystem: .catenax, tenant: "demo", businessPartnerNumber: "BPNL00000003AYRE")
        guard case .denied(let record) = gate.encodedRelease(cable, to: stranger, action: .use, as: .pact23, now: Date()) else {
            Issue.record("a requester the policy does not permit got the cached rendering")
            return
        }
        #expect(record.decision["decision"] == "deny")
        #expect(gate.release(cable, to: demoClient, action: .use, as: .pact3, now: Date()).record.mustRecord)
    }

    @Test func aChangedFootprintIsRenderedAgain() throws {
        let rules = try GatewayRules.load(mappings: Self.mappings, policies: Self.root.appendingPathComponent("Policies").path)
        let gate = RulesReleaseGate(rules: rules)
        let steel = try demoFootprint("01-steel-coil-jp.json")
        let before = text(gate.encodedRelease(steel, to: demoClient, action: .use, as: .pact3, now: Date()))
        let edited = try demoFootprint("01-steel-coil-jp.json") { $0.set("Changed product name", at: "/productNameCompany") }
        let after = text(gate.encodedRelease(edited, to: demoClient, action: .use, as: .pact3, now: Date()))
        #expect(before?.contains("Changed product name") == false)
        #expect(after?.contains("Changed product name") == true)
    }

    @Test func reloadedRulesDecideAndRenderTheNextRelease() throws {
        let policies = try copyOfPolicies()
        let rules = try GatewayRules.load(mappings: Self.mappings, policies: policies)
        let gate = RulesReleaseGate(rules: rules)
        let cable = try demoFootprint("07-cable-redacted-jp.json")
        #expect(text(gate.encodedRelease(cable, to: demoClient, action: .use, as: .pact3, now: Date()))?.contains("evaluation only") == true)

        let file = policies + "/demo-redacted-product.json"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        try original.replacingOccurrences(of: "evaluation only", with: "review only").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(rules.reload(mappings: Self.mappings, policies: policies).isEmpty)
        let renoticed = text(gate.encodedRelease(cable, to: demoClient, action: .use, as: .pact3, now: Date()))
        #expect(renoticed?.contains("review only") == true)
        #expect(renoticed?.contains("evaluation only") == false)

        try original.replacingOccurrences(of: #""rightOperand": "pact""#, with: #""rightOperand": "ouranos""#).write(toFile: file, atomically: true, encoding: .utf8)
        #expect(rules.reload(mappings: Self.mappings, policies: policies).isEmpty)
        guard case .denied = gate.encodedRelease(cable, to: demoClient, action: .use, as: .pact3, now: Date()) else {
            Issue.record("a release the reloaded policy no longer permits was served")
            return
        }
    }

    /// A pinned gate decides under the rules in force when it was pinned: one listing is decided,
    /// rendered and filtered under one set, whatever a reload swaps in meanwhile.
    @Test func aPinnedGateKeepsTheRulesItWasPinnedUnder() throws {
        let policies = try copyOfPolicies()
        let rules = try GatewayRules.load(mappings: Self.mappings, policies: policies)
        let gate = RulesReleaseGate(rules: rules)
        let pinned = gate.pinned()
        let cable = try demoFootprint("07-cable-redacted-jp.json")
        let file = policies + "/demo-redacted-product.json"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        try original.replacingOccurrences(of: "evaluation only", with: "review only").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(rules.reload(mappings: Self.mappings, policies: policies).isEmpty)
        #expect(text(pinned.encodedRelease(cable, to: demoClient, action: .use, as: .pact3, now: Date()))?.contains("evaluation only") == true)
        #expect(text(gate.encodedRelease(cable, to: demoClient, action: .use, as: .pact3, now: Date()))?.contains("review only") == true)
        #expect(text(gate.pinned().encodedRelease(cable, to: demoClient, action: .use, as: .pact3, now: Date()))?.contains("review only") == true)
    }

    @Test func aReleaseWithheldForAnObligationRecordsWhyWithTheDecision() throws {
        let policies = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        // companyName is text: it cannot be reduced in precision.
        try """
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"tsunagu": "urn:tsunagu:policy:"}], "@type": "Set", "@id": "demo-rounding",
             "tsunagu:assignTo": {"tenant": "demo"},
             "permission": [{"action": "use", "duty": [{"action": "tsunagu:reducePrecision", "tsunagu:fields": ["/companyName"], "tsunagu:scale": 0}]}]}
            """.write(to: policies.appendingPathComponent("demo.json"), atomically: true, encoding: .utf8)
        let gate = RulesReleaseGate(rules: try GatewayRules.load(mappings: Self.mappings, policies: policies.path))
        guard case .denied(let record) = gate.encodedRelease(try demoFootprint("01-steel-coil-jp.json"), to: demoClient, action: .use, as: .pact3, now: Date()) else {
            Issue.record("a footprint whose obligation cannot be carried out was released")
            return
        }
        #expect(record.mustRecord)
        #expect(record.decision["decision"] == "permit")
        #expect(record.decision["unfulfilledObligation"]?.stringValue?.contains("/companyName") == true, "\(record.decision.jsonText)")
    }
}
