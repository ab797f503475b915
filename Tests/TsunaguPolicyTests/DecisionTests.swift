import Testing
import TsunaguCore
@testable import TsunaguPolicy

@Suite struct DecisionTests {
    static let policy = #"""
        {"@type": "Set", "@id": "p", "permission": [{"action": "use",
          "constraint": {"leftOperand": "tsunagu:ClientId", "operator": "eq", "rightOperand": "c1"},
          "duty": [{"action": "tsunagu:redact", "tsunagu:fields": ["/comment"]},
                   {"action": "tsunagu:notice", "tsunagu:text": "n"},
                   {"action": "tsunagu:recordRelease"}]}]}
        """#

    @Test func permitAppliesObligationsInOrder() throws {
        let decision = try Fixtures.compile(Self.policy).get().decide(Fixtures.request())
        #expect(decision.isPermitted)
        #expect(decision.recordsRelease)
        let released = try decision.apply(to: ["id": "x", "comment": "secret"])
        #expect(released["comment"] == nil)
        #expect(released["extensions"]?.arrayValue?.count == 1)
    }

    @Test func denyReleasesNothing() throws {
        let decision = try Fixtures.compile(Self.policy).get().decide(Fixtures.request(clientID: "c2"))
        #expect(!decision.isPermitted)
        #expect(decision.obligations.isEmpty)
        #expect(throws: PolicyError.notPermitted) { try decision.apply(to: ["id": "x"]) }
    }

    @Test func jsonExplainsTheDecision() throws {
        let decision = try Fixtures.compile(Self.policy, file: "p.json").get().decide(Fixtures.request(clientID: "c2"))
        let json = decision.json
        #expect(json["decision"] == "deny")
        #expect(json["action"] == "use")
        #expect(json["footprint"] == "fp-1")
        #expect(json["recordsRelease"] == false)
        let reason = try #require(json["reasons"]?[0])
        #expect(reason["kind"] == "noApplicablePermission")
        #expect(reason["file"] == "p.json")
        #expect(reason["constraints"]?[0]?["constraint"] == "ClientId eq c1")
        #expect(reason["constraints"]?[0]?["satisfied"] == false)
        #expect(reason["constraints"]?[0]?["pointer"] == "/permission/0/constraint")
    }

    @Test func permitNamesTheRule() throws {
        let json = try Fixtures.compile(Self.policy).get().decide(Fixtures.request()).json
        #expect(json["reasons"]?[0]?["rule"] == "permission")
        #expect(json["reasons"]?[0]?["ruleIndex"]?.numberValue?.text == "0")
        #expect(json["obligations"]?.arrayValue?.map { $0["type"] } == ["redact", "notice", "recordRelease"])
    }
}
