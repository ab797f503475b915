import Foundation
import Testing
import TsunaguCore
@testable import TsunaguGateway

/// A release decided earlier and made later (a queued answer, an Ouranos buyer's read) holds only
/// under the same policies and before any of their time limits passes.
@Suite struct ReleaseStillHoldsTests {
    @Test func aReleaseHoldsUnderTheSamePoliciesUntilATimeLimitPasses() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-still-holds-\(UUID().uuidString)").path
        let policies = folder + "/policies"
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        try """
            {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "@id": "until-2027", "urn:tsunagu:policy:assignTo": {"tenant": "acme"},
             "permission": [{"action": "use", "constraint": {"leftOperand": "dateTime", "operator": "lt", "rightOperand": "2027-01-01T00:00:00Z"}}]}
            """.write(toFile: policies + "/until-2027.json", atomically: true, encoding: .utf8)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let rules = try GatewayRules.load(mappings: root.appendingPathComponent("Mappings").path, policies: policies)
        let fingerprint = rules.snapshot.policies.fingerprint(ofTenant: "acme")
        let decided = try #require(Timestamp.parse("2026-12-30T00:00:00Z"))
        #expect(rules.releaseStillHolds(ofTenant: "acme", fingerprint: fingerprint, decided: decided, now: try #require(Timestamp.parse("2026-12-31T00:00:00Z"))))
        #expect(!rules.releaseStillHolds(ofTenant: "acme", fingerprint: fingerprint, decided: decided, now: try #require(Timestamp.parse("2027-01-01T00:00:01Z"))))
        #expect(!rules.releaseStillHolds(ofTenant: "acme", fingerprint: "fnv1a64:other", decided: decided, now: try #require(Timestamp.parse("2026-12-31T00:00:00Z"))))
    }
}
