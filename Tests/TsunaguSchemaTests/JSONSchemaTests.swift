import Testing
import TsunaguCore
@testable import TsunaguSchema

struct JSONSchemaTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser().parse(text) }

    @Test func messageNamesPointerAndWhatToFix() throws {
        let schema = try JSONSchema(parse(#"""
            {"type":"object","properties":{"pcf":{"type":"object","properties":{
              "declaredUnitAmount":{"type":"string","pattern":"^\\d+(\\.\\d+)?$"}}}}}
            """#))
        let errors = schema.validate(try parse(#"{"pcf":{"declaredUnitAmount":1.5}}"#))
        #expect(errors.map(\.description) == [#"error: /pcf/declaredUnitAmount: expected a string matching ^\d+(\.\d+)?$, found number 1.5"#])
    }

    @Test func numbersCompareExactlyBeyondDoublePrecision() throws {
        let schema = try JSONSchema(parse(#"{"maximum": 0.30000000000000000001, "multipleOf": 0.00000000000000000001}"#))
        #expect(schema.isValid(try parse("0.30000000000000000001")))
        #expect(!schema.isValid(try parse("0.30000000000000000002")))
        #expect(!schema.isValid(try parse("0.000000000000000000005")))
        let half = try JSONSchema(parse(#"{"multipleOf": 0.5}"#))
        #expect(half.isValid(try parse("1e400")))
        #expect(!half.isValid(try parse("1e-400")))
    }

    /// A partner's list of numbers with huge exponents is checked for duplicates without writing
    /// each number out (a million digits each would exhaust memory).
    @Test(.timeLimit(.minutes(3))) func uniqueItemsOfHugeExponentsStaysSmall() throws {
        let schema = try JSONSchema(parse(#"{"uniqueItems": true}"#))
        var items: [JSONValue] = try (1...5000).map { .number(try #require(JSONNumber(text: "\($0)e999999"))) }
        #expect(schema.isValid(.array(items)))
        items.append(.number(try #require(JSONNumber(text: "10e999998"))))
        #expect(schema.validate(.array(items)).map(\.message) == ["items 0 and 5000 are equal; the items must be unique"])
    }

    @Test func uniqueItemsComparesByValueAndCodePoints() throws {
        let schema = try JSONSchema(parse(#"{"uniqueItems": true}"#))
        #expect(!schema.isValid(try parse(#"[{"a":1.0,"b":[true]},{"b":[true],"a":1}]"#)))
        #expect(schema.isValid(try parse(#"["é","é",1,"1"]"#)))
        let errors = schema.validate(try parse(#"["x","y","x"]"#))
        #expect(errors.map(\.message) == ["items 0 and 2 are equal; the items must be unique"])
        // Long arrays take the hashing path; it must agree with value equality.
        var long: [JSONValue] = (0..<20).map { .string("urn:pact:product:\($0)") }
        #expect(schema.isValid(.array(long)))
        long[3] = .object(["a": .number(try #require(JSONNumber(text: "1.0")))])
        long[19] = .object(["a": 1])
        #expect(schema.validate(.array(long)).map(\.message) == ["items 3 and 19 are equal; the items must be unique"])
    }

    @Test func lengthCountsCodePoints() throws {
        let schema = try JSONSchema(parse(#"{"maxLength": 2}"#))
        #expect(schema.isValid("💩💩"))
        #expect(!schema.isValid("e\u{301}e"))
    }

    @Test func everyViolationIsReportedWithItsOwnPointer() throws {
        let schema = try JSONSchema(parse(#"""
            {"type":"object","required":["id","status"],"additionalProperties":false,
             "properties":{"id":{"type":"string","format":"uuid"},"status":{"enum":["Active","Deprecated"]},
             "ids":{"type":"array","items":{"type":"string","format":"uri"},"minItems":1}}}
            """#))
        let errors = schema.validate(try parse(#"{"id":"nope","ids":["urn:x","not a uri"],"extra":1}"#))
        let described = Set(errors.map { "\($0.pointer?.description ?? "-") \($0.message)" })
        #expect(described.contains(#" missing required property "status""#))
        #expect(described.contains(#"/id expected a UUID (e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6), found string "nope""#))
        #expect(described.contains(#"/ids/1 expected an absolute URI (RFC 3986, e.g. https://example.com/x), found string "not a uri""#))
        #expect(described.contains(#"/extra property "extra" is not allowed here (allowed: id, ids, status)"#))
        #expect(errors.count == 4)
    }

    @Test func combinatorsAreReportedBesideOtherViolations() throws {
        let schema = try JSONSchema(parse(#"""
            {"type":"object","required":["id"],"oneOf":[{"required":["geographyCountry"]},{"required":["geographyRegionOrSubregion"]}]}
            """#))
        let errors = schema.validate(try parse(#"{"geographyCountry":"JP","geographyRegionOrSubregion":"Asia"}"#))
        #expect(errors.map(\.message) == [
            #"missing required property "id""#, "matches alternatives 1 and 2 of 2, expected exactly one",
        ])
    }

    @Test func oneOfFailureNamesTheClosestAlternative() throws {
        let schema = try JSONSchema(parse(#"{"oneOf":[{"type":"string"},{"type":"object","required":["a"]}]}"#))
        let errors = schema.validate(try parse("{}"))
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains(#"closest: /: missing required property "a""#) == true)
    }

    @Test func refsBetweenRegisteredDocumentsAndCycles() throws {
        let schema = try JSONSchema(parse(#"""
            {"$id":"https://example.com/tree","type":"object","properties":{
               "children":{"type":"array","items":{"$ref":"#"}},"value":{"$ref":"#/$defs/positive"}},
             "$defs":{"positive":{"type":"integer","exclusiveMinimum":0}}}
            """#))
        #expect(schema.isValid(try parse(#"{"value":1,"children":[{"value":2,"children":[]}]}"#)))
        let errors = schema.validate(try parse(#"{"children":[{"children":[{"value":0}]}]}"#))
        #expect(errors.map { $0.pointer?.description } == ["/children/0/children/0/value"])
    }

    @Test func malformedSchemaIsRejectedWithEveryProblem() throws {
        let bad = try parse(#"""
            {"type":"strin","minLength":-1,"pattern":"([a-z","properties":{"a":3},"required":"a","$ref":"#/$defs/missing"}
            """#)
        #expect {
            try JSONSchema(bad, file: "bad.schema.json")
        } throws: { error in
            guard let error = error as? DiagnosticsError else { return false }
            let pointers = Set(error.diagnostics.compactMap { $0.pointer?.description })
            return error.diagnostics.count == 6 && error.diagnostics.allSatisfy { $0.file == "bad.schema.json" }
                && pointers == ["/type", "/minLength", "/pattern", "/properties/a", "/required", "/$ref"]
        }
    }

    @Test func unknownKeywordsAndFormatsAreIgnored() throws {
        let schema = try JSONSchema(parse(#"{"x-unit":"kg","format":"decimal","examples":[1],"type":"string"}"#))
        #expect(schema.isValid("anything"))
    }

    @Test func draft7RefOverridesSiblings() throws {
        let schema = try JSONSchema(parse(#"""
            {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"s":{"type":"string"}},
             "properties":{"a":{"$ref":"#/definitions/s","maxLength":1}}}
            """#))
        #expect(schema.isValid(try parse(#"{"a":"long"}"#)))
        #expect(!schema.isValid(try parse(#"{"a":1}"#)))
    }
}

/// The validator on real draft-04 schemas: Catena-X's SAMM-generated PCF aspect schemas and their
/// official examples, read from the reference folder at test time.
struct CatenaXReferenceSchemaTests {
    private func load(_ name: String) throws -> JSONValue {
        try ReferenceFiles.json(ReferenceFiles.reference.appendingPathComponent("catenax/pcf-aspect").appendingPathComponent(name))
    }

    @Test(arguments: [("pcf-9.0.0-schema.json", "pcf-9.0.0-example.json"), ("pcf-7.0.0-schema.json", "pcf-7.0.0-example.json")])
    func officialExampleIsValid(_ schemaFile: String, _ exampleFile: String) throws {
        let schema = try JSONSchema(load(schemaFile))
        #expect(schema.validate(try load(exampleFile)).map(\.description) == [])
    }

    @Test func draft04BooleanExclusiveBoundsAreHonoured() throws {
        let schema = try JSONSchema(JSONParser().parse(#"{"$schema":"http://json-schema.org/draft-04/schema","minimum":0,"exclusiveMinimum":true,"maximum":100,"exclusiveMaximum":false}"#))
        #expect(!schema.isValid(0))
        #expect(schema.isValid(.number(try #require(JSONNumber(text: "0.0000001")))))
        #expect(schema.isValid(100))
    }

    @Test func numberWhereCatenaXExpectsOneIsReportedAtItsPointer() throws {
        let schema = try JSONSchema(load("pcf-9.0.0-schema.json"))
        var example = try load("pcf-9.0.0-example.json")
        try example.put("0.52", at: "/carbonContent/0/carbonContentTotal")
        let pointers = schema.validate(example).compactMap { $0.pointer?.description }
        #expect(pointers == ["/carbonContent/0/carbonContentTotal"])
    }
}
