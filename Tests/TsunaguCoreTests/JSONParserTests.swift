import Testing
@testable import TsunaguCore

@Suite struct JSONParserTests {
    let parser = JSONParser()

    /// RFC 8259 lets a parser ignore a leading byte order mark; only a leading one.
    @Test func aLeadingByteOrderMarkIsIgnored() throws {
        let document = try JSONParser().parse([0xEF, 0xBB, 0xBF] + Array(#"{"a": 1.50}"#.utf8))
        #expect(document["a"]?.numberValue?.text == "1.50")
        #expect(throws: JSONParseError.self) { try JSONParser().parse(Array(#"{"a": 1}"#.utf8) + [0xEF, 0xBB, 0xBF]) }
        #expect(throws: JSONParseError.self) { try JSONParser().parse([0xEF, 0xBB, 0xBF]) }
    }

    /// A repeated member name is refused in a small object and in one large enough to be indexed.
    @Test(arguments: [3, JSONObject.indexThreshold * 40])
    func aRepeatedMemberNameIsRefused(members: Int) throws {
        let names = (0..<members).map { "\"m\($0)\": \($0)" }
        let valid = try parser.parse("{" + names.joined(separator: ",") + "}")
        #expect(valid.objectValue?.count == members)
        #expect(valid["m\(members - 1)"] == .number(JSONNumber(members - 1)))
        let repeated = "{" + (names + ["\"m1\": 0"]).joined(separator: ",") + "}"
        #expect {
            try parser.parse(repeated)
        } throws: { error in
            (error as? JSONParseError)?.reason == "duplicate member name \"m1\""
        }
    }

    @Test func numbersKeepTheirExactText() throws {
        let value = try parser.parse(#"{"a": 0.1234567890123456789012345, "b": -1.50E+3, "c": 10}"#)
        #expect(value["a"]?.numberValue?.text == "0.1234567890123456789012345")
        #expect(value["b"]?.numberValue?.text == "-1.50E+3")
        #expect(JSONWriter().string(value) == #"{"a":0.1234567890123456789012345,"b":-1.50E+3,"c":10}"#)
    }

    @Test func numbersNoExactDecimalHoldsAreRefused() throws {
        #expect(throws: JSONParseError.self) { try parser.parse("[1E+1000000]") }
        #expect(throws: JSONParseError.self) { try parser.parse("[-2.5e-0001000000]") }
        #expect(JSONNumber(text: "1E+1000000") == nil)
        let edge = try parser.parse("[1E+999999, 1e-000999999]")
        #expect(edge[0]?.numberValue?.exactDecimal != nil)
        #expect(edge[1]?.numberValue?.decimal.isZero == false, "a small number is not read as zero")
        #expect(JSONNumber(text: "1E+999999")?.exactDecimal != nil)
    }

    @Test func stringsDecodeEscapesAndSurrogatePairs() throws {
        let value = try parser.parse(#"["a\"b\\c\n", "\u00e9\ud83d\ude00", "日本"]"#)
        #expect(value[0]?.stringValue == "a\"b\\c\n")
        #expect(value[1]?.stringValue == "é😀")
        #expect(value[2]?.stringValue == "日本")
        #expect(try parser.parse(JSONWriter().string(value)) == value)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"abc", "[1] x", "{\"a\":1,\"a\":2}", "\"\\x\"", "\"\\ud800\"", "NaN"])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: JSONParseError.self) { try parser.parse(text) }
    }

    @Test func reportsLineAndColumn() {
        do {
            _ = try parser.parse("{\n  \"a\": tru\n}")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 8)
        }
    }

    @Test func enforcesTheDepthLimit() throws {
        let limited = JSONParser(maximumDepth: 3)
        #expect(throws: JSONParseError.self) { try limited.parse("[[[[1]]]]") }
        #expect(try limited.parse("[[[1]]]") == .array([.array([.array([1])])]))
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try parser.parse(deep) }
    }

    @Test func enforcesTheSizeLimit() {
        let limited = JSONParser(maximumBytes: 10)
        #expect(throws: JSONParseError.self) { try limited.parse("\"0123456789\"") }
    }
}
