import Foundation
import Testing
import TsunaguCore
@testable import TsunaguPolicy

/// Assignment by selector, specificity, ties, and the deny defaults.
@Suite struct PolicySetTests {
    static let allowAll = #"{"action": "use"}"#

    func policy(_ id: String, selector: String?, permission: String? = allowAll, prohibition: String? = nil) -> (file: String, text: String) {
        var members = [#""@type": "Set""#, #""@id": "\#(id)""#]
        if let selector { members.append(#""tsunagu:assignTo": \#(selector)"#) }
        members.append(#""permission": [\#(permission ?? "")]"#)
        if let prohibition { members.append(#""prohibition": [\#(prohibition)]"#) }
        return (file: "\(id).json", text: "{\(members.joined(separator: ", "))}")
    }

    @Test func noPolicyMeansDeny() throws {
        let set = try PolicySet.compile(documents: [policy("other", selector: #"{"tenant": "t2"}"#)])
        let decision = set.decide(Fixtures.request())
        #expect(!decision.isPermitted)
        #expect(decision.reasons.map(\.kind) == [.noPolicyAssigned])
    }

    @Test func mostSpecificSelectorWins() throws {
        let set = try PolicySet.compile(documents: [
            policy("default", selector: nil, permission: nil),
            policy("tenant", selector: #"{"tenant": "t1"}"#, permission: nil),
            policy("class", selector: #"{"classifications": ["urn:c:1"]}"#, permission: nil),
            policy("product", selector: #"{"productIds": ["urn:p:1"]}"#),
        ])
        #expect(set.decide(Fixtures.request(classifications: ["urn:c:1"])).policies.map(\.id) == ["product"])
        #expect(set.decide(Fixtures.request(products: ["urn:p:9"], classifications: ["urn:c:1"])).policies.map(\.id) == ["class"])
        #expect(set.decide(Fixtures.request(products: ["urn:p:9"])).policies.map(\.id) == ["tenant"])
        #expect(set.decide(Fixtures.request(footprintTenant: "t9", products: ["urn:p:9"])).policies.map(\.id) == ["default"])
    }

    @Test func tenantMakesASelectorMoreSpecificAtTheSameLevel() throws {
        let set = try PolicySet.compile(documents: [
            policy("any-tenant", selector: #"{"productIds": ["urn:p:1"]}"#, permission: nil),
            policy("own-tenant", selector: #"{"tenant": "t1", "productIds": ["urn:p:1"]}"#),
        ])
        #expect(set.decide(Fixtures.request()).policies.map(\.id) == ["own-tenant"])
        #expect(set.decide(Fixtures.request()).isPermitted)
    }

    @Test func aProductSelectorOfAnotherTenantDoesNotMatch() throws {
        let set = try PolicySet.compile(documents: [policy("p", selector: #"{"tenant": "t2", "productIds": ["urn:p:1"]}"#)])
        #expect(set.decide(Fixtures.request()).reasons.map(\.kind) == [.noPolicyAssigned])
    }

    @Test func tiedPoliciesMustAllPermit() throws {
        let set = try PolicySet.compile(documents: [
            policy("a", selector: #"{"tenant": "t1"}"#),
            policy("b", selector: #"{"tenant": "t1"}"#, permission: #"{"action": "use", "constraint": {"leftOperand": "tsunagu:ClientId", "operator": "eq", "rightOperand": "c2"}}"#),
        ])
        let denied = set.decide(Fixtures.request())
        #expect(!denied.isPermitted)
        #expect(denied.policies.map(\.id) == ["a", "b"])
        #expect(denied.reasons.map(\.policyID) == ["b"])
        #expect(set.decide(Fixtures.request(clientID: "c2")).isPermitted)
    }

    @Test func prohibitionOnUseAlsoStopsDistribution() throws {
        let set = try PolicySet.compile(documents: [policy(
            "p", selector: nil, permission: #"{"action": "distribute"}"#, prohibition: #"{"action": "use"}"#)])
        #expect(!set.decide(Fixtures.request(.distribute)).isPermitted)
    }

    @Test func permissionToUseDoesNotGrantDistribution() throws {
        let set = try PolicySet.compile(documents: [policy("p", selector: nil)])
        #expect(set.decide(Fixtures.request(.use)).isPermitted)
        #expect(!set.decide(Fixtures.request(.distribute)).isPermitted)
    }

    @Test func accessRulesGovernUse() throws {
        let set = try PolicySet.compile(documents: [policy("p", selector: nil, permission: #"{"action": "access"}"#)])
        #expect(set.decide(Fixtures.request(.use)).isPermitted)
    }

    @Test func assigneeLimitsARule() throws {
        let set = try PolicySet.compile(documents: [policy("p", selector: nil, permission: #"{"action": "use", "assignee": "BPNL000000000001"}"#)])
        #expect(set.decide(Fixtures.request(bpn: "BPNL000000000001")).isPermitted)
        #expect(!set.decide(Fixtures.request(bpn: "BPNL000000000002")).isPermitted)
    }

    @Test func anUnfulfillableObligationDenies() throws {
        let set = try PolicySet.compile(documents: [policy("p", selector: nil, permission: #"{"action": "use", "duty": [{"action": "compensate"}]}"#)])
        let decision = set.decide(Fixtures.request())
        #expect(!decision.isPermitted)
        #expect(decision.reasons.map(\.kind) == [.obligationNotFulfillable])
    }

    @Test func dutiesWithConstraintsApplyOnlyWhenTheyHold() throws {
        let duty = #"{"action": "tsunagu:recordRelease", "constraint": {"leftOperand": "tsunagu:Ecosystem", "operator": "eq", "rightOperand": "catenax"}}"#
        let set = try PolicySet.compile(documents: [policy("p", selector: nil, permission: #"{"action": "use", "duty": [\#(duty)]}"#)])
        #expect(!set.decide(Fixtures.request(ecosystem: .pact)).recordsRelease)
        #expect(set.decide(Fixtures.request(ecosystem: .catenax)).recordsRelease)
    }

    @Test func duplicateIdsAcrossFilesAreRejected() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policy-dup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"@type": "Set", "@id": "same", "permission": []}"#.write(to: directory.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
        try #"{"@type": "Set", "@id": "same", "permission": []}"#.write(to: directory.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
        #expect(throws: DiagnosticsError.self) { try PolicySet.load(directory: directory.path) }
    }

    @Test func aBrokenFileFailsTheWholeLoad() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policy-broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"@type": "Set", "@id": "good", "permission": []}"#.write(to: directory.appendingPathComponent("good.json"), atomically: true, encoding: .utf8)
        try "id: bad\npermission:\n  - action: use\n    constraint: [Colour eq red]\n".write(to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try PolicySet.load(directory: directory.path)
            Issue.record("the load must fail")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics.first?.file?.hasSuffix("bad.yaml") == true)
            #expect(error.diagnostics.first?.line == 4)
        }
    }

    @Test func shippedPoliciesLoad() throws {
        let set = try PolicySet.load(directory: Fixtures.policiesDirectory)
        #expect(set.policyCount == 8)
    }
}

@Suite struct EmptyPolicySetTests {
    @Test func anEmptySetDeniesEverything() {
        let set = PolicySet()
        #expect(set.policyCount == 0)
        #expect(set.decide(Fixtures.request()).reasons.map(\.kind) == [.noPolicyAssigned])
    }
}
