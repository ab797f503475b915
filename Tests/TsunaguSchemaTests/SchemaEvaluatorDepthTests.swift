import Testing
import TsunaguCore
@testable import TsunaguSchema

/// Recursive schemas on deeply nested documents, and schemas that refer to themselves without end.
struct SchemaEvaluatorDepthTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser().parse(text) }

    /// `{"c":{"c":...{}}}`, `levels` objects deep.
    private func nested(_ levels: Int) throws -> JSONValue {
        try parse(String(repeating: #"{"c":"#, count: levels - 1) + "{}" + String(repeating: "}", count: levels - 1))
    }

    @Test func recursiveSchemaAcceptsTheDeepestDocumentTheParserReads() throws {
        let schema = try JSONSchema(parse(##"{"allOf":[{"type":"object","properties":{"c":{"anyOf":[{"$ref":"#"}]}}}]}"##))
        for levels in [50, 64] {
            let document = try nested(levels)
            #expect(schema.isValid(document))
            #expect(schema.validate(document).map(\.description) == [])
        }
    }

    @Test func recursiveSchemaStillFindsAViolationDeepDown() throws {
        let schema = try JSONSchema(parse(##"{"allOf":[{"type":"object","properties":{"c":{"anyOf":[{"$ref":"#"}]}}}]}"##))
        let document = try parse(String(repeating: #"{"c":"#, count: 59) + #""leaf""# + String(repeating: "}", count: 59))
        #expect(!schema.isValid(document))
        let errors = schema.validate(document)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("expected an object, found string") == true)
    }

    @Test(arguments: [
        ##"{"$ref":"#"}"##,
        ##"{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}"##,
        ##"{"type":"object","allOf":[{"required":[]},{"$ref":"#"}]}"##,
    ])
    func selfReferenceWithoutEndIsReportedOnce(_ text: String) throws {
        let schema = try JSONSchema(parse(text))
        #expect(!schema.isValid(["a": 1]))
        let messages = schema.validate(["a": 1]).map(\.message)
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("the schema refers to itself without end at this value") == true)
    }

    /// A chain of 31 `$ref`s per level on a deep value built in memory (no parser limits its depth)
    /// stops at the bound on nested checks instead of exhausting the stack.
    @Test func nestedChecksAreBoundedWhateverTheDocument() throws {
        var definitions: [String: JSONValue] = [:]
        for step in 0..<31 { definitions["d\(step)"] = ["$ref": .string(step == 30 ? "#/$defs/level" : "#/$defs/d\(step + 1)")] }
        definitions["level"] = ["type": "object", "properties": ["c": ["$ref": "#/$defs/d0"]]]
        let schema = try JSONSchema(["$defs": .object(JSONObject(definitions)), "$ref": "#/$defs/d0"])
        var document: JSONValue = [:]
        for _ in 0..<200 { document = ["c": document] }
        let messages = schema.validate(document).map(\.message)
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("the schema and the value nest too deeply at this value") == true)
        #expect(!schema.isValid(document))
    }
}
