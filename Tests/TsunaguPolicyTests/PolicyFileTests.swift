import Testing
import TsunaguCore
@testable import TsunaguPolicy

@Suite struct PolicyFileTests {
    @Test func policyAndTestFilesAreToldApart() {
        #expect(PolicyFile.isPolicy("demo.json"))
        #expect(PolicyFile.isPolicy("time-limited.yaml"))
        #expect(PolicyFile.isPolicy("x.jsonld"))
        #expect(!PolicyFile.isPolicy("demo.tests.yaml"))
        #expect(!PolicyFile.isPolicy("README.md"))
        #expect(!PolicyFile.isPolicy(".hidden.json"))
        #expect(PolicyFile.isTest("demo.tests.yaml"))
        #expect(!PolicyFile.isTest("demo.yaml"))
    }

    @Test func theFileNameIsTheIdWhenThePolicyHasNone() throws {
        let (plan, _) = PolicyFile.compile(text: #"{"@type": "Set", "permission": []}"#, file: "dir/unnamed.json")
        #expect(plan?.id == "unnamed")
        #expect(plan?.file == "dir/unnamed.json")
    }

    /// The audit trail names the version of a policy file that decided: its content hash, which
    /// another text of the same file changes.
    @Test func aDecisionNamesTheContentOfThePolicyThatDecided() throws {
        let first = #"{"@type": "Set", "@id": "p", "tsunagu:assignTo": {"tenant": "t1"}, "permission": [{"action": "use"}]}"#
        let second = first.replacingOccurrences(of: #""permission""#, with: #""description": "edited", "permission""#)
        func reference(_ text: String) throws -> JSONValue? {
            let set = try PolicySet.compile(documents: [(file: "p.json", text: text)])
            return set.decide(Fixtures.request()).json["policies"]?[0]
        }
        let before = try reference(first)?["contentHash"]?.stringValue
        let after = try reference(second)?["contentHash"]?.stringValue
        #expect(before == ContentHash.fnv1a64(first.utf8))
        #expect(after != nil && after != before)
    }
}
