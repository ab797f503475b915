import Foundation
import Testing
import TsunaguCore
@testable import TsunaguPolicy

/// Policies that would say more than is enforced are refused: rules hidden beside an EDC
/// wrapper's policy, a list written without brackets, constraints on facts the deciding party never
/// learns where that makes them permissive, and misspelt keys in policy test files.
@Suite struct UnenforceablePolicyTests {
    @Test func membersBesideAPolicyDefinitionsPolicyAreRefused() {
        let errors = Fixtures.errors("""
            {"@context": {"odrl": "http://www.w3.org/ns/odrl/2/", "edc": "https://w3id.org/edc/v0.0.1/ns/"},
             "@type": "PolicyDefinition", "@id": "def",
             "prohibition": [{"action": "use", "assignee": "partner-evil"}],
             "tsunagu:assignTo": {"tenant": "acme"},
             "policy": {"@type": "Set", "permission": [{"action": "use"}]}}
            """)
        #expect(errors.count == 2, "got \(errors.map(\.description))")
        #expect(errors.map(\.pointer) == [JSONPointer(tokens: ["prohibition"]), JSONPointer(tokens: ["tsunagu:assignTo"])])
        #expect(errors.allSatisfy { $0.message.contains("the rules go in its `policy`") })
    }

    @Test func aPolicyDefinitionWithItsUsualMembersLoads() {
        let errors = Fixtures.errors("""
            {"@context": {"edc": "https://w3id.org/edc/v0.0.1/ns/"}, "@type": "PolicyDefinition", "@id": "def",
             "edc:privateProperties": {}, "policy": {"@type": "Set", "permission": [{"action": "use"}]}}
            """)
        #expect(errors.isEmpty, "got \(errors.map(\.description))")
    }

    @Test func aCompactListWithoutBracketsIsRefused() {
        let (_, diagnostics) = PolicyFile.compile(text: """
            id: y
            assignTo: {tenant: acme}
            permission:
              - action: use
            prohibition:
              - action: use
                constraint: ClientId isAnyOf partner-evil, partner-worse
            """, file: "y.yaml")
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.line == 7)
        #expect(errors.first?.message.contains("write the list in brackets: ClientId isAnyOf [partner-evil, partner-worse]") == true)
    }

    /// A selector by product without a tenant reaches every tenant's footprints: it loads, with a warning.
    @Test func aProductSelectorWithoutTenantIsWarnedOf() {
        let (plan, diagnostics) = PolicyFile.compile(text: """
            {"@type": "Set", "@id": "zeta", "tsunagu:assignTo": {"productIds": ["urn:gtin:4901234567894"]}, "permission": [{"action": "use"}]}
            """, file: "zeta.json")
        #expect(plan != nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.message.contains("governs every tenant's footprints") == true)
        let (_, scoped) = PolicyFile.compile(text: """
            {"@type": "Set", "@id": "zeta", "tsunagu:assignTo": {"tenant": "zeta", "productIds": ["urn:gtin:4901234567894"]}, "permission": [{"action": "use"}]}
            """, file: "zeta.json")
        #expect(scoped.isEmpty)
    }

    @Test func constraintsOnUnknownFactsAreListedWhereTheyWouldLetDataOut() throws {
        let set = try PolicySet.compile(documents: [(file: "p.json", text: """
            {"@type": "Set", "@id": "p",
             "prohibition": [
               {"action": "use", "constraint": {"leftOperand": "UsagePurpose", "operator": "isAnyOf", "rightOperand": ["cx.marketing:1"]}},
               {"action": "use", "constraint": {"leftOperand": "BusinessPartnerGroup", "operator": "neq", "rightOperand": "trusted"}},
               {"action": "use", "constraint": {"leftOperand": "ClientId", "operator": "eq", "rightOperand": "partner-evil"}}],
             "permission": [
               {"action": "use", "constraint": {"leftOperand": "Membership", "operator": "eq", "rightOperand": "active"}},
               {"action": "use", "constraint": {"leftOperand": "UsagePurpose", "operator": "isNoneOf", "rightOperand": ["cx.marketing:1"]},
                "duty": [{"action": "tsunagu:redact", "tsunagu:fields": ["/comment"],
                          "constraint": {"leftOperand": "FrameworkAgreement", "operator": "eq", "rightOperand": "Pcf:1.0"}}]}]}
            """)])
        let unknown: Set<String> = ["UsagePurpose", "BusinessPartnerGroup", "Membership", "FrameworkAgreement"]
        let problems = set.constraintsThatFailOpen(unknownFacts: unknown)
        let places = problems.compactMap(\.pointer?.description)
        // The prohibition on a purpose never fires; the one on `neq` a group always does (it only
        // refuses more); the client id is known. The permission needing a membership never permits
        // (refuses more); the one excluding a purpose always passes; the duty is never owed.
        #expect(places == ["/prohibition/0/constraint", "/permission/1/constraint", "/permission/1/duty/0/constraint"], "got \(problems.map(\.description))")
        #expect(problems.first?.message.contains("the prohibition would never stop a release") == true)
        #expect(set.constraintsThatFailOpen(unknownFacts: []).isEmpty)
    }

    /// Under `xone`, a constraint on a fact the gateway never learns has a fixed outcome that
    /// turns the `xone` into a test of its other constraints: listed whichever way it is fixed.
    @Test func anUnknownFactUnderXoneIsListed() throws {
        let set = try PolicySet.compile(documents: [(file: "x.json", text: """
            {"@type": "Set", "@id": "x", "permission": [{"action": "use"}],
             "prohibition": [{"action": "use", "constraint": {"xone": [
               {"leftOperand": "UsagePurpose", "operator": "isNoneOf", "rightOperand": ["cx.pcf.base:1"]},
               {"leftOperand": "tsunagu:ClientId", "operator": "eq", "rightOperand": "partner-evil"}]}}]}
            """)])
        let problems = set.constraintsThatFailOpen(unknownFacts: ["UsagePurpose"])
        #expect(problems.map(\.pointer?.description) == ["/prohibition/0/constraint/xone/0"], "\(problems.map(\.description))")
        #expect(problems.first?.message.contains("xone") == true)
    }

    @Test func misspeltKeysInATestFileFailTheRun() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policy-typos-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"@type": "Set", "@id": "all", "permission": [{"action": "use"}]}"#.write(to: directory.appendingPathComponent("all.json"), atomically: true, encoding: .utf8)
        try """
            defaults:
              request: {action: use, requester: {ecosystem: pact, tenant: t}, footprint: {tenant: t}}
            cases:
              - name: typo
                requst: {action: distribute}
                expect: {decision: permit, obligation: [redact], reasn: permitted}
            """.write(to: directory.appendingPathComponent("all.tests.yaml"), atomically: true, encoding: .utf8)
        #expect { try PolicyTestSuite.run(directory: directory.path) } throws: { error in
            guard let diagnostics = (error as? DiagnosticsError)?.diagnostics else { return false }
            let messages = diagnostics.map(\.message)
            return messages.count == 3 && messages.contains { $0.contains("unknown key `requst` in a case") }
                && messages.contains { $0.contains("unknown key `obligation` in expect") } && messages.contains { $0.contains("unknown key `reasn` in expect") }
                && diagnostics.allSatisfy { $0.line != nil }
        }
    }
}
