import Foundation
import Testing
import TsunaguCore
import TsunaguPolicy
import TsunaguRelay
@testable import TsunaguGateway

/// A relay refusal tells the requester that the owner's policy refuses, and keeps which policy and
/// why for the audit trail only, as the PACT host does.
@Suite struct RelayPolicyRefusalTests {
    let requester = RelayRequester(
        protocol: .pactV3, identity: "stranger", model: .pact3, replyAddress: .pactEvents(baseURL: "https://stranger.example", requestEventID: "evt-1"))

    /// A policy directory with the one policy `maker-terms` for tenant `maker`.
    func policies(_ rules: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-relay-refusal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"tsunagu": "urn:tsunagu:policy:"}], "@type": "Set", "@id": "maker-terms",
             "tsunagu:assignTo": {"tenant": "maker"}, \(rules)}
            """.write(to: directory.appendingPathComponent("maker.json"), atomically: true, encoding: .utf8)
        return directory.path
    }

    func decide(under rules: String) throws -> RelayEvent {
        let gateway = try GatewayRules.load(mappings: RulesReleaseGateTests.mappings, policies: try policies(rules))
        let json = try RelayStepsFixture.json("Mappings/catenax/examples/aluminium-housing.pact@3.0.0.json")
        return RelaySteps(rules: gateway).checkPolicy(
            RelayDocument(json: json, model: .pact3), tenant: "maker", owner: .tenantStore, origin: .pact, requester: requester, now: Date())
    }

    func rejection(under rules: String) throws -> RelayRejection? {
        let event = try decide(under: rules)
        guard case .reject(let rejection) = event else {
            Issue.record("expected a refusal, got \(event)")
            return nil
        }
        return rejection
    }

    @Test func aProhibitionRefusesWithoutNamingThePolicyAndTheAuditKeepsTheDecision() throws {
        let rejection = try #require(try rejection(under: """
            "permission": [{"action": "use"}],
            "prohibition": [{"action": "use", "constraint": [{"leftOperand": "tsunagu:ClientId", "operator": "eq", "rightOperand": "stranger"}]}]
            """))
        #expect(rejection.reason == .policyProhibited)
        #expect(rejection.message.contains("does not allow action 'use'"), "\(rejection.message)")
        #expect(!rejection.message.contains("maker-terms"), "the requester is told the policy id: \(rejection.message)")
        guard case .pact(_, let answered) = rejection.answer(in: .pactV3) else {
            Issue.record("a PACT requester gets a PACT error")
            return
        }
        #expect(!answered.contains("maker-terms"))

        let decision = try #require(rejection.audit?["decision"])
        #expect(decision.jsonText.contains("maker-terms"), "\(decision.jsonText)")
        #expect(decision["decision"] == "deny", "\(decision.jsonText)")
    }

    @Test func anObligationThatCannotBeCarriedOutIsRecordedWithItsReason() throws {
        // companyName is not a decimal: it cannot be reduced in precision.
        let rejection = try #require(try rejection(under: """
            "permission": [{"action": "use", "duty": [{"action": "tsunagu:reducePrecision", "tsunagu:fields": ["/companyName"], "tsunagu:scale": 0}]}]
            """))
        #expect(rejection.reason == .policyProhibited)
        #expect(rejection.message.contains("cannot be fulfilled"), "\(rejection.message)")
        #expect(rejection.audit?["unfulfilledObligation"]?.stringValue?.contains("/companyName") == true, "\(rejection.audit?.jsonText ?? "no audit")")
        #expect(rejection.audit?["decision"]?.jsonText.contains("maker-terms") == true)
    }

    /// A relayed PACT request's criteria beyond the product (geography, validity, status) hold
    /// for the footprint the partner gives: one that does not meet them is not sent.
    @Test func aRelayedFootprintMustMeetTheRequestsOtherCriteria() throws {
        let gateway = try GatewayRules.load(mappings: RulesReleaseGateTests.mappings, policies: try policies(#""permission": [{"action": "use"}, {"action": "distribute"}]"#))
        let json = try RelayStepsFixture.json("Mappings/catenax/examples/aluminium-housing.pact@3.0.0.json")
        func decide(_ conditions: JSONValue) -> RelayEvent {
            let query = ProductQuery(productIDs: ["urn:rheinwerk.example:part:GH-220-0042"], conditions: conditions)
            return RelaySteps(rules: gateway).checkPolicy(
                RelayDocument(json: json, model: .pact3), tenant: "maker", owner: .partner("supplier"), origin: .pact,
                requester: requester, now: Date(), query: query)
        }
        guard case .reject(let rejection) = decide(["productId": ["urn:x:asked"], "geography": ["FR"]]) else {
            Issue.record("a footprint of DE-NW was sent to a request for FR")
            return
        }
        #expect(rejection.reason == .notFound)
        #expect(rejection.message.contains("does not meet the request's criteria"), "\(rejection.message)")
        guard case .reject = decide(["productId": ["urn:x:asked"], "validOn": "2030-01-01T00:00:00Z"]) else {
            Issue.record("a footprint valid until 2027 was sent to a request for 2030")
            return
        }
        // The product id the partner was asked by is not compared again (its footprint may name
        // the product in its own ecosystem's form).
        guard case .policyPermitted = decide(["productId": ["urn:x:asked"], "geography": ["de-nw"], "status": "Active"]) else {
            Issue.record("a footprint meeting the criteria was refused")
            return
        }
    }

    /// A requester the policy refuses learns nothing of the footprint from its criteria: every
    /// request is refused alike, whether the footprint would have met them or not.
    @Test func aRefusedRequesterLearnsNothingFromItsCriteria() throws {
        let gateway = try GatewayRules.load(mappings: RulesReleaseGateTests.mappings, policies: try policies(#""permission": [{"action": "use"}]"#))
        let json = try RelayStepsFixture.json("Mappings/catenax/examples/aluminium-housing.pact@3.0.0.json")
        for geography in ["FR", "DE-NW"] {
            let query = ProductQuery(productIDs: ["urn:rheinwerk.example:part:GH-220-0042"], conditions: ["productId": ["urn:x:asked"], "geography": [.string(geography)]])
            let event = RelaySteps(rules: gateway).checkPolicy(
                RelayDocument(json: json, model: .pact3), tenant: "maker", owner: .partner("supplier"), origin: .pact,
                requester: requester, now: Date(), query: query)
            guard case .reject(let rejection) = event else {
                Issue.record("a footprint was released without 'distribute': \(event)")
                continue
            }
            #expect(rejection.reason == .policyProhibited, "asking for \(geography): \(rejection.message)")
        }
    }

    /// Criteria are held against what the policy releases: a field the policy redacts cannot be
    /// probed by asking for its possible values.
    @Test func aRedactedFieldCannotBeProbedThroughTheCriteria() throws {
        let gateway = try GatewayRules.load(mappings: RulesReleaseGateTests.mappings, policies: try policies("""
            "permission": [{"action": "use", "duty": [{"action": "tsunagu:redact", "tsunagu:fields": ["/pcf/geographyRegionOrSubregion", "/pcf/geographyCountrySubdivision", "/pcf/geographyCountry"]}]},
                           {"action": "distribute"}]
            """))
        let json = try RelayStepsFixture.json("Mappings/catenax/examples/aluminium-housing.pact@3.0.0.json")
        var outcomes: [String: String] = [:]
        for geography in ["FR", "DE-NW", "DE"] {
            let query = ProductQuery(productIDs: ["urn:rheinwerk.example:part:GH-220-0042"], conditions: ["productId": ["urn:x:asked"], "geography": [.string(geography)]])
            let event = RelaySteps(rules: gateway).checkPolicy(
                RelayDocument(json: json, model: .pact3), tenant: "maker", owner: .partner("supplier"), origin: .pact,
                requester: requester, now: Date(), query: query)
            switch event {
            case .reject(let rejection): outcomes[geography] = "\(rejection.reason)"
            default: outcomes[geography] = "released"
            }
        }
        #expect(Set(outcomes.values).count == 1, "the answers differ by the redacted geography: \(outcomes)")
    }

    @Test func theAuditDetailSurvivesTheStoredRequestAndReachesItsTransition() throws {
        let rejection = try #require(try rejection(under: """
            "permission": [{"action": "use"}],
            "prohibition": [{"action": "use", "constraint": [{"leftOperand": "tsunagu:ClientId", "operator": "eq", "rightOperand": "stranger"}]}]
            """))
        var request = RelayRequest(
            id: "req-1", tenant: "maker", requester: requester, query: ProductQuery(productIDs: ["urn:gtin:4012345000009"]),
            received: Date(timeIntervalSince1970: 1_700_000_000), deadline: Date(timeIntervalSince1970: 1_700_003_600))
        _ = try request.reject(rejection, now: Date(timeIntervalSince1970: 1_700_000_001))
        #expect(request.transitionFacts["audit"] == rejection.audit)

        let restored = try RelayRequest(stored: request.stored(version: 2))
        #expect(restored.state.rejection?.audit == rejection.audit)
        #expect(restored.state.rejection?.message == rejection.message)
    }
}
