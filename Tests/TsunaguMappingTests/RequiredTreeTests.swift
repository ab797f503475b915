import Testing
import TsunaguCore
@testable import TsunaguMapping

/// Walking the required fields as a tree finds exactly the fields a lookup of each pointer misses.
@Suite struct RequiredTreeTests {
    static let fields: [RequiredField] = [
        "/a/0/b", "/a/0/c", "/a/1/b", "/a/+1/b", "/a/01/b", "/x", "/x/y", "/o/0", "/o/-", "", "/a/0/b", "/s/t",
    ].map { RequiredField(pointer: JSONPointer(stringLiteral: $0), reason: nil) }

    @Test(arguments: [
        #"{}"#, #"{"a":[{"b":1,"c":null}],"x":{"y":2},"o":{"0":true},"s":"t"}"#, #"{"a":[{"b":1},{"b":2}],"x":3}"#,
        #"{"a":{"0":{"b":1},"1":{"c":2},"01":{"b":3}},"o":[5],"s":{"t":[]}}"#, #"{"a":[[1]],"x":[],"o":[]}"#,
    ])
    func missesWhatAPointerLookupMisses(_ text: String) throws {
        let output = try json(text)
        var missing = [Bool](repeating: false, count: Self.fields.count)
        RequiredTree(Self.fields).check(output, missing: &missing)
        let expected = Self.fields.map { !$0.pointer.tokens.isEmpty && output[pointer: $0.pointer] == nil }
        #expect(missing == expected)
    }

    @Test func theTreeSharesContainers() {
        let tree = RequiredTree(Self.fields)
        #expect(tree.fields == [9], "the root itself always exists")
        #expect(tree.children.map(\.token) == ["a", "x", "o", "s"])
        #expect(tree.children[0].children.map(\.token) == ["0", "1", "+1", "01"])
        #expect(tree.children[0].children[0].children.map(\.fields) == [[0, 10], [1]])
    }
}
