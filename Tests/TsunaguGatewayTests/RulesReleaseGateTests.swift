import Foundation
import Testing
import TsunaguCore
import TsunaguPolicy
import TsunaguRelay
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
}

/// A policy that rounds or removes a canonical field also withholds the carried source values it
/// was derived from: an Ouranos footprint's four stage values would give the exact total back.
@Suite struct ReleaseOfCarriedValuesTests {
    static let root = RulesReleaseGateTests.root
    let partner = Requester(ecosystem: .pact, tenant: "maker", clientID: "partner")
    /// Two stage values of the Ouranos stator, as written in its carry extension.
    static let stageValues = ["3.10575", "0.84210"]
    /// What a policy that rounds or removes the stator's totals withholds: the stage values and the
    /// exact total (which the carry's basis recorded).
    static let withheld = stageValues + ["20.84785"]
    /// The stator's three totals.
    static let totals = #"["/pcf/pcfExcludingBiogenicUptake", "/pcf/pcfIncludingBiogenicUptake", "/pcf/fossilGhgEmissions"]"#

    /// A policy directory whose one policy permits `partner` with `duties`.
    func policies(duties: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-carried-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"tsunagu": "urn:tsunagu:policy:"}], "@type": "Set", "@id": "maker-partner",
             "tsunagu:assignTo": {"tenant": "maker"},
             "permission": [{"action": "use",
               "constraint": [{"leftOperand": "tsunagu:ClientId", "operator": "eq", "rightOperand": "partner"}],
               "duty": [\(duties)]}]}
            """.write(to: directory.appendingPathComponent("maker.json"), atomically: true, encoding: .utf8)
        return directory.path
    }

    /// The Ouranos stator as stored (with its carry), declared per kilogram so that PACT v2 can hold it.
    func stator() throws -> StoredFootprint {
        let path = Self.root.appendingPathComponent("Mappings/ouranos/examples/motor-stator.pact@3.0.0.json").path
        var document = try JSONParser().parse(try String(contentsOfFile: path, encoding: .utf8))
        _ = document.set("kilogram", at: "/pcf/declaredUnitOfMeasurement")
        return StoredFootprint(tenant: "maker", footprint: try ProductFootprint(document: document), sequence: 1, stored: Date(), updated: Date())
    }

    func released(_ model: ModelID, duties: String) throws -> String? {
        let rules = try GatewayRules.load(mappings: RulesReleaseGateTests.mappings, policies: try policies(duties: duties))
        let outcome = RulesReleaseGate(rules: rules).encodedRelease(try stator(), to: partner, action: .use, as: model, now: Date())
        guard case .permitted(let document, _) = outcome else { return nil }
        return String(decoding: document.bytes, as: UTF8.self)
    }

    @Test(arguments: [ModelID.pact3, .pact23, .ouranos3])
    func aRoundedTotalIsReleasedWithoutTheStageValuesItCameFrom(_ model: ModelID) throws {
        let rounded = try #require(try released(model, duties: #"{"action": "tsunagu:reducePrecision", "tsunagu:fields": \#(Self.totals), "tsunagu:scale": 0}"#))
        for value in Self.withheld {
            #expect(!rounded.contains(value), "\(model): \(value) was released beside the rounded total")
        }
        // What no obligation touched is still carried (the plant's name has no canonical field).
        #expect(rounded.contains("刈谷第二工場"), "\(model): a carried value the policy did not touch was withheld")
    }

    @Test(arguments: [ModelID.pact3, .pact23])
    func withoutAChangingObligationTheCarryIsReleasedWhole(_ model: ModelID) throws {
        let whole = try #require(try released(model, duties: #"{"action": "tsunagu:notice", "tsunagu:text": "for the partner only"}"#))
        for value in Self.stageValues {
            #expect(whole.contains(value), "\(model): the stage value \(value) is carried when nothing was rounded")
        }
    }

    @Test func aRemovedTotalTakesTheStageValuesWithIt() throws {
        let redacted = try #require(try released(.pact3, duties: #"{"action": "tsunagu:redact", "tsunagu:fields": \#(Self.totals)}"#))
        for value in Self.withheld {
            #expect(!redacted.contains(value), "\(value) was released though the totals were removed")
        }
    }

    /// The relay applies the owner's obligations itself (a relayed footprint never passes the
    /// release gate): its canonical document loses the outdated carried values too.
    @Test func aRelayedFootprintWithARoundedTotalLosesTheStageValues() throws {
        let rules = try GatewayRules.load(
            mappings: RulesReleaseGateTests.mappings, policies: try policies(duties: #"{"action": "tsunagu:reducePrecision", "tsunagu:fields": \#(Self.totals), "tsunagu:scale": 0}"#))
        let requester = RelayRequester(protocol: .pactV3, identity: "partner", model: .pact3, replyAddress: .pactEvents(baseURL: "https://partner.example", requestEventID: "evt-1"))
        let canonical = RelayDocument(json: try stator().footprint.document, model: .pact3)
        let event = RelaySteps(rules: rules).checkPolicy(canonical, tenant: "maker", owner: .tenantStore, origin: .pact, requester: requester, now: Date())
        guard case .policyPermitted(let permitted, _) = event else {
            Issue.record("the relay did not permit the footprint: \(event)")
            return
        }
        let text = permitted.json.jsonText
        #expect(permitted.json[pointer: "/pcf/pcfExcludingBiogenicUptake"] == "21")
        for value in Self.withheld {
            #expect(!text.contains(value), "the relayed document carries \(value) beside the rounded total")
        }
        #expect(text.contains("刈谷第二工場"), "a carried value the policy did not touch was withheld")
    }
}
