import Testing
import TsunaguCore
@testable import TsunaguPolicy

@Suite struct JSONLineIndexTests {
    @Test func everyValueHasItsLine() {
        let index = JSONLineIndex(text: "{\n  \"a\": [\n    1,\n    {\"b\\\"c\": \"x\"}\n  ],\n  \"d\": []\n}")
        #expect(index.line(of: .root) == 1)
        #expect(index.line(of: JSONPointer(tokens: ["a"])) == 2)
        #expect(index.line(of: JSONPointer(tokens: ["a", "0"])) == 3)
        #expect(index.line(of: JSONPointer(tokens: ["a", "1"])) == 4)
        #expect(index.line(of: JSONPointer(tokens: ["d"])) == 6)
        #expect(index.line(of: JSONPointer(tokens: ["z"])) == nil)
    }
}
