import Foundation
import Testing
import TsunaguCore
import TsunaguRelay
@testable import TsunaguGateway

/// A partner's footprint is held to what the gateway accepts on import: its model's schema and the
/// rules of its extensions (GxD), before it is translated and released onward.
@Suite struct RelayUpstreamValidationTests {
    func steps() throws -> RelaySteps { try RelayStepsFixture.steps() }

    func gxdFootprint() throws -> JSONValue {
        try RelayStepsFixture.json("Mappings/examples/gxd-product-based.pact3.json")
    }

    @Test func aValidGxDFootprintFromAPartnerIsTaken() throws {
        let event = try steps().translateToCanonical(RelayDocument(json: gxdFootprint(), model: .pact3))
        guard case .translated = event else {
            Issue.record("expected the footprint to be taken, got \(event)")
            return
        }
    }

    @Test func aGxDExtensionBreakingItsRulesIsRefusedAsUpstreamInvalid() throws {
        var footprint = try gxdFootprint()
        let index = try #require(footprint["extensions"]?.arrayValue?.firstIndex { $0["dataSchema"]?.stringValue?.contains("GxD") == true || $0["dataSchema"]?.stringValue?.contains("gxd") == true })
        // A decimal string given as a JSON number: the GxD rules refuse it; the PACT schema alone does not look.
        footprint.set(.number(JSONNumber(text: "1.25")!), at: JSONPointer(tokens: ["extensions", String(index), "data", "gateToGate", "gateToGateFossilGhgEmissions"]))
        let event = try steps().translateToCanonical(RelayDocument(json: footprint, model: .pact3))
        guard case .reject(let rejection) = event else {
            Issue.record("expected a rejection, got \(event)")
            return
        }
        #expect(rejection.reason == .upstreamInvalid)
        #expect(rejection.message.contains("gateToGateFossilGhgEmissions"), "\(rejection.message)")
    }

    /// No policy has decided on an upstream document that fails its checks: the requester is told
    /// where it is wrong, never the values (they stay in the audit trail).
    @Test func anInvalidUpstreamDocumentsValuesAreNotToldToTheRequester() throws {
        var footprint = try gxdFootprint()
        footprint.set(.number(JSONNumber(text: "12.345")!), at: "/pcf/pcfExcludingBiogenicUptake")
        let event = try steps().translateToCanonical(RelayDocument(json: footprint, model: .pact3))
        guard case .reject(let rejection) = event else {
            Issue.record("expected a rejection, got \(event)")
            return
        }
        #expect(rejection.reason == .upstreamInvalid)
        #expect(rejection.message.contains("/pcf/pcfExcludingBiogenicUptake"), "\(rejection.message)")
        #expect(!rejection.message.contains("12.345"), "\(rejection.message)")
        #expect(rejection.audit?.jsonText.contains("12.345") == true, "\(rejection.audit?.jsonText ?? "no audit")")
    }
}
