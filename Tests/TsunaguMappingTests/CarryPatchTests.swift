import Testing
import TsunaguCore
@testable import TsunaguMapping

@Suite struct CarryPatchTests {
    @Test func diffAndApplyGiveTheOriginalBack() throws {
        let original = try json(#"{"a":{"b":1.50,"c":[1,2,3]},"d":[{}],"keep":"x"}"#)
        var rebuilt = try json(#"{"a":{"b":"1.50","c":[1,2]},"extra":true,"keep":"x"}"#)
        let patch = CarryPatch.diff(original: original, rebuilt: rebuilt)
        #expect(patch.writes.map { JSONPointer(tokens: $0.pointer).description } == ["/a/b", "/a/c", "/d"])
        #expect(patch.remove.map { JSONPointer(tokens: $0).description } == ["/extra"])
        let decoded = try #require(CarryPatch(data: patch.data))
        try decoded.apply(to: &rebuilt)
        #expect(rebuilt == original)
    }

    @Test func lostLeavesCompareArraysElementByElement() throws {
        let lost = CarryPatch.lostLeaves(original: try json(#"{"f":["AR6","AR5"],"g":{"h":1}}"#), rebuilt: try json(#"{"f":["AR6"],"g":{}}"#))
        #expect(lost.map { JSONPointer(tokens: $0.pointer).description } == ["/f/1", "/g/h"])
    }

    @Test func aMalformedCarryExtensionIsRefusedWithItsPointer() throws {
        let compiled = try plan("rules:\n  - to: /a\n    from: /a\nrestore:\n  from: /extensions", source: "pact@3.0.0", target: "pact@2.3.0")
        let input = try json(#"{"a":1,"extensions":[{"specVersion":"2.0.0","dataSchema":"https://tsunagu.dev/extensions/carry/pact@2.3.0.json","data":{"/a":2}}]}"#)
        #expect { try compiled.translate(input) } throws: { error in
            (error as? MappingError)?.pointer?.description == "/extensions/0/data"
        }
    }

    @Test func withoutAReverseMappingTheCarryHoldsUnreadLeaves() throws {
        let compiled = try plan("rules:\n  - to: /a\n    from: /a\ncarry:\n  into: /extensions")
        let result = try compiled.translate(json(#"{"a":1,"b":{"c":1E+2}}"#))
        #expect(result.document.jsonText == #"{"a":1,"extensions":[{"data":{"set":{"/b/c":1E+2}},"dataSchema":"https://tsunagu.dev/extensions/carry/test-a@1.0.0.json","specVersion":"2.0.0"}]}"#)
        #expect(result.losses.carried.map(\.pointer.description) == ["/b/c"])
    }
}
