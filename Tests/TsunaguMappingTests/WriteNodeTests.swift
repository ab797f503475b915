import Testing
import TsunaguCore
@testable import TsunaguMapping

@Suite struct WriteNodeTests {
    @Test func rulesSharingMembersAreGatheredUnlessAMemberIsWrittenWhole() throws {
        let compiled = try plan("""
            rules:
              - to: /a/0/x
                from: /x
              - to: /b
                from: /b
              - to: /a/0/y
                from: /y
              - to: /c/p
                from: /p
              - to: /c
                from: /whole
              - to: /c/q
                from: /q
            """)
        let shape = compiled.nodes.map { node -> String in
            switch node {
            case .rule(let rule, _): "rule \(rule.target)"
            case .group(let token, _, let children): "group \(token) \(children.count)"
            }
        }
        #expect(shape == ["group member(\"a\", index: nil) 1", "rule /b", "rule /c/p", "rule /c", "rule /c/q"])
        #expect(try run(compiled, #"{"x":1,"y":2,"b":3,"p":4,"whole":{"w":5},"q":6}"#) == #"{"a":[{"x":1,"y":2}],"b":3,"c":{"q":6,"w":5}}"#)
    }

    @Test func aGroupThatWritesNothingLeavesNoEmptyContainer() throws {
        let compiled = try plan("rules:\n  - to: /g/0/x\n    from: /x\n  - to: /g/0/y\n    from: /y\n  - to: /k\n    from: /k")
        #expect(try run(compiled, #"{"k":true}"#) == #"{"k":true}"#)
        #expect(try run(compiled, #"{"y":"1"}"#) == #"{"g":[{"y":"1"}]}"#)
    }
}
