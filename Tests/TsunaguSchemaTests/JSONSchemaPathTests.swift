import Testing
import TsunaguCore
import TsunaguSchema

/// Which paths a schema gives a place to, as `tsunagu mappings test` asks of every rule's paths.
@Suite struct JSONSchemaPathTests {
    static let schema: JSONValue = [
        "$defs": [
            "Footprint": [
                "type": "object",
                "properties": ["id": ["type": "string"], "pcf": ["$ref": "#/$defs/Pcf"], "extensions": ["type": "array", "items": ["$ref": "#/$defs/Extension"]]],
                "oneOf": [["required": ["id"]], ["required": ["pcf"]]],
            ],
            "Pcf": [
                "type": "object",
                "allOf": [["properties": ["total": ["type": "string"]]], ["properties": ["unit": ["type": "string"]]]],
                "properties": ["stages": ["type": "array", "prefixItems": [["type": "object", "properties": ["value": ["type": "number"]]]]]],
            ],
            "Extension": ["type": "object", "properties": ["data": ["type": "object"]], "patternProperties": ["^x-": ["type": "string"]]],
            "Labels": ["type": "object", "additionalProperties": ["type": "string"]],
        ],
        "$ref": "#/$defs/Footprint",
    ]

    @Test(arguments: [
        ([PathStep.member("id")], true),
        ([.member("pcf"), .member("total")], true),
        ([.member("pcf"), .member("unit")], true),
        ([.member("pcf"), .member("totl")], false),
        ([.member("pcf"), .member("stages"), .element, .member("value")], true),
        ([.member("pcf"), .member("stages"), .element, .member("valeu")], false),
        ([.member("pcf"), .member("stages"), .member("value")], false),
        ([.member("extensions"), .any, .member("data"), .member("anything"), .element], true),
        ([.member("extensions"), .element, .member("x-note")], true),
        ([.member("extensions"), .element, .member("note")], false),
        ([.member("id"), .member("below")], false),
        ([.member("comment")], false),
        ([.any, .member("total")], true),
    ])
    func admitsDeclaredPathsAndFreeFormData(path: [PathStep], admitted: Bool) throws {
        let schema = try JSONSchema(Self.schema)
        #expect(schema.admits(path) == admitted, "\(path)")
    }

    @Test func additionalPropertiesSchemasAndTrueAdmitAnyMember() throws {
        let labels = try JSONSchema(["type": "object", "additionalProperties": ["type": "string"]])
        #expect(labels.admits([.member("colour")]))
        #expect(!labels.admits([.member("colour"), .member("shade")]), "a string has no members")
        let open = try JSONSchema(["type": "object", "properties": ["a": ["type": "string"]], "additionalProperties": true])
        #expect(open.admits([.member("b"), .member("c")]))
        let closed = try JSONSchema(["type": "object", "properties": ["a": ["type": "string"]], "additionalProperties": false])
        #expect(!closed.admits([.member("b")]))
    }
}
