import Foundation
import Testing
import TsunaguCore
@testable import TsunaguMapping

/// Golden and round-trip tests of the shipped PACT mappings (Mappings/pact).
@Suite struct PACTMappingTests {
    static let directory = packageRoot + "/Mappings/pact"

    /// The PACT mappings, compiled once per test process.
    static func catalog() throws -> MappingCatalog { try loaded.get() }

    private static let loaded: Result<MappingCatalog, DiagnosticsError> = Result { () throws(DiagnosticsError) in
        try MappingCatalog.load(directory: directory)
    }

    static func fixture(_ name: String) throws -> JSONValue {
        let data = try #require(FileManager.default.contents(atPath: directory + "/examples/" + name))
        return try JSONParser().parse(Array(data))
    }

    @Test func everyExampleAndFixturePassesWithNoUnexplainedLoss() throws {
        let results = MappingTestRunner.run(try Self.catalog())
        #expect(results.map(\.mapping.description).sorted() == [
            "pact@2.2.0->pact@3.0.0", "pact@2.3.0->pact@3.0.0", "pact@3.0.0->pact@2.2.0", "pact@3.0.0->pact@2.3.0",
        ])
        for result in results {
            #expect(result.failures.isEmpty, "\(result.mapping): \(result.failures)")
            #expect(result.unexplained.isEmpty, "\(result.mapping): \(result.unexplained)")
            #expect(result.passed > 0)
        }
    }

    @Test(arguments: [
        ("battery-module-v2.pact@3.0.0.json", "pact@2.3.0"), ("battery-module-v2.pact@3.0.0.json", "pact@2.2.0"),
    ])
    func pivotThroughV2AndBackIsIdentical(file: String, model: String) throws {
        let catalog = try Self.catalog()
        let original = try Self.fixture(file)
        let target = try #require(ModelID(model))
        let there = try catalog.translate(original, from: .pact3, to: target)
        let back = try catalog.translate(there.document, from: target, to: .pact3)
        #expect(back.document == original)
        #expect(back.document.jsonText == original.jsonText)
        #expect(back.document[pointer: "/pcf/pcfExcludingBiogenicUptake"] == "11.0300")
        #expect(back.document[pointer: "/extensions/0/data/weight"]?.numberValue?.text == "12.50")
    }

    @Test func v2ThroughThePivotAndBackIsIdentical() throws {
        let catalog = try Self.catalog()
        for (file, model) in [("steel-coil.pact@2.3.0.json", ModelID.pact23), ("solvent-drum.pact@2.2.0.json", ModelID.pact22)] {
            let original = try Self.fixture(file)
            let pivot = try catalog.translate(original, from: model, to: .pact3)
            let back = try catalog.translate(pivot.document, from: model == .pact23 ? .pact3 : .pact3, to: model)
            #expect(back.document.jsonText == original.jsonText, "\(file)")
        }
    }

    @Test func v2VersionFollowsThePrecedingFootprints() throws {
        let catalog = try Self.catalog()
        var footprint = try Self.fixture("battery-module-v2.pact@3.0.0.json")
        footprint.set(["0b2c3d4e-5f60-4718-a9b0-c1d2e3f4a5b6", "1c3d4e5f-6071-4829-8ab1-d2e3f4a5b6c7"], at: "/precedingPfIds")
        #expect(try catalog.translate(footprint, from: .pact3, to: .pact23).document[pointer: "/version"] == 3)
        footprint.remove(at: "/precedingPfIds")
        #expect(try catalog.translate(footprint, from: .pact3, to: .pact23).document[pointer: "/version"] == 1)
    }

    @Test func v2NumbersBecomeV3DecimalStringsCharacterForCharacter() throws {
        let pivot = try Self.catalog().translate(Self.fixture("steel-coil.pact@2.3.0.json"), from: .pact23, to: .pact3).document
        #expect(pivot[pointer: "/pcf/primaryDataShare"] == "56.12")
        #expect(pivot[pointer: "/pcf/dqi/temporalDQR"] == "1.0")
        #expect(pivot[pointer: "/pcf/exemptedEmissionsPercent"] == "0.5")
        #expect(pivot[pointer: "/productClassifications"] == ["urn:pact:productclassification:un-cpc:41211"])
        #expect(pivot[pointer: "/pcf/crossSectoralStandards"] == ["GHGP-Product", "ISO14040-44"])
    }

    /// v2.3's productMassPerDeclaredUnit is the mass of one declared unit, v3's the mass of
    /// declaredUnitAmount of them: the mapping scales it both ways.
    @Test func productMassFollowsEachVersionsDeclaredUnit() throws {
        let catalog = try Self.catalog()
        var v23: JSONValue = try Self.fixture("steel-coil.pact@2.3.0.json")
        v23.set("piece", at: "/pcf/declaredUnit")
        v23.set("1000", at: "/pcf/unitaryProductAmount")
        v23.set("0.068", at: "/pcf/productMassPerDeclaredUnit")
        let pivot = try catalog.translate(v23, from: .pact23, to: .pact3).document
        #expect(pivot[pointer: "/pcf/productMassPerDeclaredUnit"]?.stringValue.flatMap(ExactDecimal.init(parsing:))?.isNumericallyEqual(to: ExactDecimal(parsing: "68")!) == true)
        // A kilogram declared unit weighs one kilogram per unit in v2.3.
        let module = try Self.fixture("battery-module-v2.pact@3.0.0.json")
        let v2 = try catalog.translate(module, from: .pact3, to: .pact23).document
        #expect(module[pointer: "/pcf/declaredUnitOfMeasurement"] == "kilogram")
        #expect(v2[pointer: "/pcf/productMassPerDeclaredUnit"]?.stringValue.flatMap(ExactDecimal.init(parsing:))?.isNumericallyEqual(to: ExactDecimal(parsing: "1")!) == true)
        // The round trip keeps v2.3's own characters.
        let home = try catalog.translate(pivot, from: .pact3, to: .pact23).document
        #expect(home[pointer: "/pcf/productMassPerDeclaredUnit"] == "0.068")
    }

    /// v3's biogenicCO2Uptake "replaces biogenicCarbonWithdrawal": the value moves, not into the carry.
    @Test func biogenicCarbonWithdrawalIsV3sBiogenicCO2Uptake() throws {
        let catalog = try Self.catalog()
        let v23 = try Self.fixture("steel-coil.pact@2.3.0.json")
        let pivot = try catalog.translate(v23, from: .pact23, to: .pact3).document
        #expect(pivot[pointer: "/pcf/biogenicCO2Uptake"] == v23[pointer: "/pcf/biogenicCarbonWithdrawal"])
        #expect(!pivot.jsonText.contains("biogenicCarbonWithdrawal"))
        let back = try catalog.translate(pivot, from: .pact3, to: .pact22).document
        #expect(back[pointer: "/pcf/biogenicCarbonWithdrawal"] == v23[pointer: "/pcf/biogenicCarbonWithdrawal"])
    }

    @Test func aV3UnitWithoutV2CounterpartIsCarriedAndReportedUnfilled() throws {
        var footprint = try Self.fixture("battery-module-v2.pact@3.0.0.json")
        footprint.set("piece", at: "/pcf/declaredUnitOfMeasurement")
        let catalog = try Self.catalog()
        let v2 = try catalog.translate(footprint, from: .pact3, to: .pact23)
        #expect(v2.document[pointer: "/pcf/declaredUnit"] == nil)
        #expect(v2.losses.unfilled.map(\.pointer.description) == ["/pcf/declaredUnit"])
        #expect(v2.losses.carried.contains { $0.pointer.description == "/pcf/declaredUnitOfMeasurement" })
        #expect(try catalog.translate(v2.document, from: .pact23, to: .pact3).document == footprint)
    }
}
