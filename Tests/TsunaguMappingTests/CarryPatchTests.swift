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

    @Test func membersOfTheSameCountButOtherNamesAreBothSetAndRemoved() throws {
        let original = try json(#"{"a":{"x":1,"y":2}}"#)
        var rebuilt = try json(#"{"a":{"x":1,"z":3}}"#)
        let patch = CarryPatch.diff(original: original, rebuilt: rebuilt)
        #expect(patch.writes.map { JSONPointer(tokens: $0.pointer).description } == ["/a/y"])
        #expect(patch.remove.map { JSONPointer(tokens: $0).description } == ["/a/z"])
        try patch.apply(to: &rebuilt)
        #expect(rebuilt == original)
    }

    @Test func removingInPlaceMatchesThePointerRemoval() throws {
        let document = try json(#"{"a":{"b":[{"c":1,"d":2},{"e":3}]},"f":true}"#)
        for pointer in ["/a/b/0/c", "/a/b/1", "/f", "/a/missing/x", "/a/b/7", "/a/b/x", ""] {
            var expected = document
            expected.remove(at: try #require(JSONPointer(parsing: pointer)))
            var actual = document
            OutputWriter.remove(at: try #require(JSONPointer(parsing: pointer)).tokens[...], from: &actual)
            #expect(actual == expected, "\(pointer)")
        }
        #expect(document == (try json(#"{"a":{"b":[{"c":1,"d":2},{"e":3}]},"f":true}"#)))
    }

    @Test func replacingInPlaceMatchesThePointerSetWhereAValueIsThere() throws {
        let document = try json(#"{"a":{"b":[{"c":1,"d":2},{"e":3}]},"f":true}"#)
        let value = try json(#"[{"new":[1]}]"#)
        for pointer in ["/a/b/0/c", "/a/b/1", "/a/b/01", "/a/b/+1", "/a/b", "/f", ""] {
            var expected = document
            #expect(expected.set(value, at: try #require(JSONPointer(parsing: pointer))))
            var actual = document
            OutputWriter.replace(at: try #require(JSONPointer(parsing: pointer)).tokens[...], with: value, in: &actual)
            #expect(actual == expected, "\(pointer)")
            #expect(actual != document, "\(pointer)")
        }
        for pointer in ["/a/missing", "/a/b/2", "/a/b/x", "/f/g"] {
            var actual = document
            OutputWriter.replace(at: try #require(JSONPointer(parsing: pointer)).tokens[...], with: value, in: &actual)
            #expect(actual == document, "nothing is there at \(pointer)")
        }
        #expect(document == (try json(#"{"a":{"b":[{"c":1,"d":2},{"e":3}]},"f":true}"#)))
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
