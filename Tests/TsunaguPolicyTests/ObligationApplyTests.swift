import Testing
import TsunaguCore
@testable import TsunaguPolicy

@Suite struct ObligationApplyTests {
    static let document: JSONValue = [
        "id": "fp-1", "comment": "internal",
        "pcf": ["pcfExcludingBiogenicUptake": "1.23456", "pcfIncludingBiogenicUptake": "0.5", "packagingGhgEmissions": .number(JSONNumber(ExactDecimal(significand: 123_456, exponent: -4))), "declaredUnitOfMeasurement": "kilogram"],
        "extensions": [["specVersion": "2.0.0", "dataSchema": "https://example.com/other.json", "data": [:]]],
    ]

    func apply(_ obligation: Obligation, to document: JSONValue = document) throws(PolicyError) -> JSONValue {
        var result = document
        try obligation.apply(to: &result)
        return result
    }

    @Test func redactionRemovesFieldsAndIgnoresAbsentOnes() throws {
        let result = try apply(.redact(["/comment", "/pcf/declaredUnitOfMeasurement", "/nothing/here"]))
        #expect(result["comment"] == nil)
        #expect(result["pcf"]?["declaredUnitOfMeasurement"] == nil)
        #expect(result["pcf"]?["pcfIncludingBiogenicUptake"] == "0.5")
    }

    @Test func precisionIsReducedExactlyOnDecimalStringsAndNumbers() throws {
        let result = try apply(.reducePrecision(["/pcf/pcfExcludingBiogenicUptake", "/pcf/pcfIncludingBiogenicUptake", "/pcf/packagingGhgEmissions"], .scale(2)))
        #expect(result["pcf"]?["pcfExcludingBiogenicUptake"] == "1.23")
        #expect(result["pcf"]?["pcfIncludingBiogenicUptake"] == "0.5")
        #expect(result["pcf"]?["packagingGhgEmissions"]?.numberValue?.text == "12.35")
    }

    @Test func significantDigitsAndRoundingRule() throws {
        let result = try apply(.reducePrecision(["/pcf/pcfExcludingBiogenicUptake"], .significantDigits(3, rule: .down)))
        #expect(result["pcf"]?["pcfExcludingBiogenicUptake"] == "1.23")
        let up = try apply(.reducePrecision(["/pcf/pcfExcludingBiogenicUptake"], .scale(1, rule: .up)))
        #expect(up["pcf"]?["pcfExcludingBiogenicUptake"] == "1.3")
    }

    @Test func aNonDecimalFieldCannotBeReduced() {
        #expect(throws: PolicyError.notADecimal("/pcf/declaredUnitOfMeasurement")) {
            try apply(.reducePrecision(["/pcf/declaredUnitOfMeasurement"], .scale(1)))
        }
    }

    @Test func noticeIsAppendedAsADataModelExtension() throws {
        let result = try apply(.notice(text: "for PCF use only", policyID: "p1"))
        let extensions = try #require(result["extensions"]?.arrayValue)
        #expect(extensions.count == 2)
        let notice = try #require(DataModelExtension(json: extensions[1]))
        #expect(notice.dataSchema == Obligation.noticeSchemaURL)
        #expect(notice.data == ["notice": "for PCF use only", "policy": "p1"])
        let fresh = try apply(.notice(text: "x", policyID: "p"), to: ["id": "a"])
        #expect(fresh["extensions"]?.arrayValue?.count == 1)
    }

    @Test func obligationsNeedAnObject() {
        #expect(throws: PolicyError.notAnObject) { try apply(.recordRelease, to: "text") }
    }

    @Test func obligationJSONNamesItsType() {
        #expect(Obligation.redact(["/a"]).json == ["type": "redact", "fields": ["/a"]])
        #expect(Obligation.recordRelease.typeName == "recordRelease")
    }
}
