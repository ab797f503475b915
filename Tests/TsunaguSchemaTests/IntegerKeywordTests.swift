import Testing
import TsunaguCore
import TsunaguSchema

/// `type: integer` is decided from the number's literal: `1.0` and `100e-2` are integers, and a
/// partner's `1e-999999` is told apart without building its million digits.
@Suite struct IntegerKeywordTests {
    @Test(.timeLimit(.minutes(3)), arguments: [
        ("1", true), ("-0", true), ("1.0", true), ("100e-2", true), ("1.5e1", true), ("1e999999", true), ("0.0e-999999", true),
        ("1.5", false), ("1e-1", false), ("1e-999999", false), ("12.30e1", true), ("12.34e1", false), ("-7.000001", false),
    ])
    func integersAreToldFromTheLiteral(_ literal: String, _ isInteger: Bool) throws {
        let schema = try JSONSchema(["type": "integer"])
        let number = try #require(JSONNumber(text: literal))
        #expect(schema.validate(.number(number)).isEmpty == isInteger, "\(literal)")
    }
}
