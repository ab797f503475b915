import Testing
import TsunaguCore

@Suite struct EncodedJSONTests {
    @Test func holdsTheWritersCompactTextOfItsValue() throws {
        let value: JSONValue = ["b": ["z": 1, "a": [true, nil, "ü\n"]], "a": .number(try #require(JSONNumber(text: "1.50")))]
        let encoded = EncodedJSON(value)
        #expect(encoded.value == value)
        #expect(encoded.bytes == JSONWriter().bytes(value))
        #expect(String(decoding: encoded.bytes, as: UTF8.self) == #"{"a":1.50,"b":{"a":[true,null,"ü\n"],"z":1}}"#)
    }
}
