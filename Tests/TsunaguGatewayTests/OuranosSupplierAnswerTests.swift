import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguMapping
@testable import TsunaguGateway

/// What a buyer reads from an Ouranos-side supplier, as one Ouranos CFP document and through the pivot.
@Suite struct OuranosSupplierAnswerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rules = Result { try GatewayRules.load(mappings: root.appendingPathComponent("Mappings").path, policies: root.appendingPathComponent("Policies").path) }

    let supplier = OuranosOperator(
        operatorID: "15572d1c-ec13-4d78-8f92-dd4278871373", corporateNumber: CorporateNumber("8234567890124")!, name: "B社", address: "東京都渋谷区xx"
    )
    let traceID = "40b77952-2c89-49be-8ce9-7c64a15e0ae7"

    func value(_ type: String, _ emission: String?, unit: String = "kgCO2e/kilogram") -> OuranosCFP {
        OuranosCFP(
            cfpID: nil, traceID: traceID, ghgEmission: emission.flatMap { JSONNumber(text: $0) }, ghgDeclaredUnit: unit, cfpType: type,
            dqrType: type.hasPrefix("pre") ? "preProcessingResponse" : "mainProcessingResponse", ter: JSONNumber(text: "2.1"), ger: JSONNumber(text: "0"), tir: nil
        )
    }

    @Test func theComposedDocumentIsAValidOuranosDocumentWhosePivotTotalIsTheSupplierTotal() throws {
        let rules = try Self.rules.get()
        let answer = OuranosSupplierAnswer(
            supplier: supplier, productID: "urn:tsunagu:test:bolt", traceID: traceID,
            values: [value("preProductionResponse", "1.50000000000000000001"), value("mainProductionResponse", "10")]
        )
        let document = try answer.document()
        let problems = rules.snapshot.schemas.validate(document, model: .ouranos3) ?? []
        #expect(problems.filter { $0.severity == .error }.isEmpty, "\(problems)")
        let pivot = try rules.snapshot.catalog.translate(document, from: .ouranos3, to: MappingCatalog.pivot, losses: .tracked).document
        #expect(pivot[pointer: "/pcf/pcfExcludingBiogenicUptake"]?.stringValue.flatMap(ExactDecimal.init(parsing:))?.isNumericallyEqual(to: ExactDecimal(parsing: "11.50000000000000000001")!) == true)
        #expect(pivot[pointer: "/pcf/declaredUnitOfMeasurement"] == "kilogram")
        #expect(pivot["companyName"] == "B社")
        #expect(pivot["productIds"]?.arrayValue == [.string("urn:tsunagu:ouranos:trace:\(traceID)")])
    }

    @Test func anAnswerWithoutBothResponseValuesOrWithMixedUnitsIsRefused() {
        let missing = OuranosSupplierAnswer(supplier: supplier, productID: "p", traceID: traceID, values: [value("mainProductionResponse", "10")])
        #expect(throws: UpstreamAnswerProblem.self) { try missing.document() }
        let mixed = OuranosSupplierAnswer(
            supplier: supplier, productID: "p", traceID: traceID,
            values: [value("preProductionResponse", "1"), value("mainProductionResponse", "10", unit: "kgCO2e/liter")]
        )
        #expect(throws: UpstreamAnswerProblem.self) { try mixed.document() }
        let withheld = OuranosSupplierAnswer(supplier: supplier, productID: "p", traceID: traceID, values: [value("preProductionResponse", nil), value("mainProductionResponse", nil)])
        #expect(throws: UpstreamAnswerProblem.self) { try withheld.document() }
    }

    /// One withheld value (`null`, as Ouranos's `requestCfpNull` example answers) is not a zero:
    /// the total would be understated and look complete.
    @Test func anAnswerWithOneValueWithheldIsRefusedNotCountedAsZero() {
        let answer = OuranosSupplierAnswer(supplier: supplier, productID: "p", traceID: traceID, values: [value("preProductionResponse", nil), value("mainProductionResponse", "10")])
        #expect { try answer.document() } throws: { error in
            (error as? UpstreamAnswerProblem)?.description.contains("withheld preProductionResponse (null)") == true
        }
    }

    @Test func theBuyerReadsTheStageSumsOfADeliveredDocument() throws {
        let rules = try Self.rules.get()
        let stator = try JSONParser().parse(try String(contentsOf: Self.root.appendingPathComponent("Mappings/ouranos/examples/motor-stator.ouranos-cfp@3.0.0.json"), encoding: .utf8))
        let values = try OuranosCFPAnswer(rules: rules).values(of: RelayDocumentFixture.ouranos(stator), traceID: traceID)
        #expect(values.map(\.cfpType) == ["preProductionResponse", "mainProductionResponse"])
        #expect(values.map(\.dqrType) == ["preProcessingResponse", "mainProcessingResponse"])
        // 0.84210 + 12.6 and 3.10575 + 4.3, exactly.
        #expect(values[0].ghgEmission?.decimal.isNumericallyEqual(to: ExactDecimal(parsing: "13.44210")!) == true)
        #expect(values[1].ghgEmission?.decimal.isNumericallyEqual(to: ExactDecimal(parsing: "7.40575")!) == true)
        #expect(values.allSatisfy { $0.traceID == traceID && $0.ghgDeclaredUnit == "kgCO2e/unit" && $0.cfpID == nil })
        #expect(values[0].ter?.text == "2.0")
    }

    @Test func aCanonicalFootprintIsReadThroughThePACTToOuranosMapping() throws {
        let rules = try Self.rules.get()
        let footprint: JSONValue = [
            "id": "3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01", "specVersion": "3.0.0", "status": "Active", "companyName": "Kanto Steel",
            "companyIds": ["urn:tsunagu:demo:company:kanto-steel"], "productIds": ["urn:tsunagu:demo:product:coil"], "productNameCompany": "Coil",
            "productDescription": "", "created": "2025-02-10T09:00:00Z",
            "pcf": ["declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1000.0", "pcfExcludingBiogenicUptake": "1893.123456789012345"],
        ]
        let values = try OuranosCFPAnswer(rules: rules).values(of: RelayDocumentFixture.pivot(footprint), traceID: traceID)
        #expect(values[0].ghgEmission?.decimal.isZero == true)
        #expect(values[1].ghgEmission?.decimal.isNumericallyEqual(to: ExactDecimal(parsing: "1.89313")!) == true)
        #expect(values[1].ghgDeclaredUnit == "kgCO2e/kilogram")
    }
}
