import Testing
import TsunaguCore
@testable import TsunaguSchema

/// `exclusiveMinimum` / `exclusiveMaximum`: a number from draft-06 on, draft-04's Boolean only
/// where the schema names draft-04.
struct ExclusiveBoundTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser().parse(text) }

    @Test(arguments: [
        #""$schema":"https://json-schema.org/draft/2020-12/schema","#,
        #""$schema":"http://json-schema.org/draft-07/schema#","#,
        #""$schema":"http://json-schema.org/draft-06/schema#","#,
        "",
    ])
    func booleanFormIsAMalformedSchemaOutsideDraft04(_ schemaMember: String) throws {
        let text = #"{"# + schemaMember + #""minimum":0,"exclusiveMinimum":true,"maximum":9,"exclusiveMaximum":false}"#
        #expect {
            try JSONSchema(parse(text))
        } throws: { error in
            guard let error = error as? DiagnosticsError else { return false }
            let found = error.diagnostics.map { "\($0.pointer?.description ?? "") \($0.message)" }
            return found.count == 2
                && found[0].hasPrefix("/exclusiveMinimum invalid schema: 'exclusiveMinimum' must be a number, found boolean true")
                && found[1].hasPrefix("/exclusiveMaximum invalid schema: 'exclusiveMaximum' must be a number, found boolean false")
        }
    }

    @Test func numericFormIsTheBoundItself() throws {
        let schema = try JSONSchema(parse(#"{"minimum":0,"exclusiveMinimum":0,"exclusiveMaximum":1}"#))
        #expect(!schema.isValid(0))
        #expect(schema.isValid(.number(try #require(JSONNumber(text: "0.5")))))
        #expect(!schema.isValid(1))
    }

    @Test func draft04BooleanFormMakesTheBesideBoundExclusive() throws {
        let schema = try JSONSchema(parse(#"{"$schema":"http://json-schema.org/draft-04/schema#","minimum":0,"exclusiveMinimum":true,"maximum":1,"exclusiveMaximum":true}"#))
        #expect(!schema.isValid(0))
        #expect(!schema.isValid(1))
        #expect(schema.isValid(.number(try #require(JSONNumber(text: "0.5")))))
    }
}
