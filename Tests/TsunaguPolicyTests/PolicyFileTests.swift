import Testing
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
}
