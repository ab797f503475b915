import Testing
@testable import TsunaguCore

@Suite struct JSONPointerTests {
    @Test func escapesAndUnescapesTokens() {
        let pointer = JSONPointer(parsing: "/a~1b/m~0n/0")
        #expect(pointer?.tokens == ["a/b", "m~n", "0"])
        #expect(pointer?.description == "/a~1b/m~0n/0")
        #expect(JSONPointer(parsing: "a") == nil)
        #expect(JSONPointer(parsing: "/a~2") == nil)
    }

    @Test func readsSetsAndRemovesValues() {
        var document: JSONValue = ["pcf": ["values": [1, 2]]]
        #expect(document[pointer: "/pcf/values/1"] == 2)
        let setUnit = document.set("x", at: "/pcf/unit")
        let appended = document.set(3, at: "/pcf/values/-")
        #expect(setUnit && appended)
        #expect(document[pointer: "/pcf/unit"] == "x")
        #expect(document[pointer: "/pcf/values"] == [1, 2, 3])
        let removed = document.remove(at: "/pcf/values/0")
        #expect(removed == 1)
        #expect(document[pointer: "/pcf/values"] == [2, 3])
        let crossedScalar = document.set(1, at: "/pcf/unit/deeper")
        #expect(!crossedScalar)
    }
}
