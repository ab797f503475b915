import Foundation
import Testing
import TsunaguCore
import TsunaguPolicy
import TsunaguRelay
import TsunaguStore
@testable import TsunaguGateway

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

    /// A policy directory whose one policy permits `partner` with `duties` (and to receive the
    /// Ouranos footprint in another ecosystem: a distribution).
    func policies(duties: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-carried-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"tsunagu": "urn:tsunagu:policy:"}], "@type": "Set", "@id": "maker-partner",
             "tsunagu:assignTo": {"tenant": "maker"},
             "permission": [{"action": "use",
               "constraint": [{"leftOperand": "tsunagu:ClientId", "operator": "eq", "rightOperand": "partner"}],
               "duty": [\(duties)]},
               {"action": "distribute", "constraint": [{"leftOperand": "tsunagu:ClientId", "operator": "eq", "rightOperand": "partner"}]}]}
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
