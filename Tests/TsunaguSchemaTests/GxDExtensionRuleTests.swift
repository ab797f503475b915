import Foundation
import Testing
import TsunaguCore
@testable import TsunaguSchema

/// Each GxD rule and quirk, with both language variants of the schema: every case runs once with
/// the English and once with the Japanese `dataSchema` URL and must give the same diagnostics.
struct GxDExtensionRuleTests {
    static let variants = [SchemaRegistryTests.gxdEnglish, SchemaRegistryTests.gxdJapanese]

    /// A fixture with its GxD extension's `dataSchema` set to `url`.
    private func fixture(_ name: String, gxdAt index: Int, url: String) throws -> JSONValue {
        var document = try SharedRegistry.fixture(name)
        try document.put(.string(url), at: JSONPointer(tokens: ["extensions", String(index), "dataSchema"]))
        return document
    }

    /// Validates the edited fixture under both variants, checks they agree, and returns the diagnostics.
    private func diagnostics(
        _ name: String, gxdAt index: Int, model: ModelID = .pact3, edit: (inout JSONValue) throws -> Void
    ) throws -> [Diagnostic] {
        let registry = try SharedRegistry.get()
        var outcomes: [[Diagnostic]] = []
        for url in Self.variants {
            var document = try fixture(name, gxdAt: index, url: url)
            try edit(&document)
            outcomes.append(registry.validateFootprint(document, model: model))
        }
        #expect(outcomes[0] == outcomes[1], "the English and Japanese schemas disagree")
        return outcomes[0]
    }

    private func errors(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.filter { $0.severity == .error }.map { "\($0.pointer?.description ?? "-") \($0.message)" }
    }

    @Test(arguments: [("gxd-product.pact3.json", 1, ModelID.pact3), ("gxd-organization.pact3.json", 0, .pact3), ("gxd-product.pact23.json", 0, .pact23)])
    func cleanFixturesPass(_ name: String, _ index: Int, _ model: ModelID) throws {
        let found = try diagnostics(name, gxdAt: index, model: model) { _ in }
        #expect(found.isEmpty, "\(found)")
    }

    @Test func organizationBasedNeedsTheOrganizationBlock() throws {
        let found = try diagnostics("gxd-organization.pact3.json", gxdAt: 0) { try $0.delete(at: "/extensions/0/data/organization") }
        #expect(errors(found) == [#"/extensions/0/data calcMethod "1" (organization-based) requires the "organization" block with scope1/2/3DistributionLevel; add it or set calcMethod to "0""#])
    }

    @Test func productBasedMustNotCarryAnOrganizationBlock() throws {
        let found = try diagnostics("gxd-organization.pact3.json", gxdAt: 0) { try $0.put("0", at: "/extensions/0/data/calcMethod") }
        #expect(errors(found).count == 1)
        #expect(errors(found).first?.hasPrefix("/extensions/0/data/organization the organization block describes organization-based") == true)
    }

    @Test func calcMethodAndFWeditionAreRequiredAndChecked() throws {
        let found = try diagnostics("gxd-product.pact3.json", gxdAt: 1) {
            try $0.put("2", at: "/extensions/1/data/calcMethod")
            try $0.delete(at: "/extensions/1/data/FWedition")
        }
        #expect(Set(errors(found)) == [
            #"/extensions/1/data missing required property "FWedition""#,
            #"/extensions/1/data/calcMethod expected one of "0", "1", found string "2""#,
        ])
        let edition = try diagnostics("gxd-product.pact3.json", gxdAt: 1) { try $0.put("Edition 2", at: "/extensions/1/data/FWedition") }
        #expect(errors(edition) == [#"/extensions/1/data/FWedition FWedition must be the CO2 Visualization Framework edition number, e.g. "2.0", found "Edition 2""#])
    }

    private func warnings(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.filter { $0.severity == .warning }.map { "\($0.pointer?.description ?? "-") \($0.message)" }
    }

    /// A PACT v3 total includes removals and biogenic uptake, so the gate-to-gate part may exceed
    /// it: that is a warning (a receiver splitting the footprint into stages cannot express it), not an error.
    @Test func gateToGateAboveCradleToGateIsAWarning() throws {
        let found = try diagnostics("gxd-product.pact3.json", gxdAt: 1) {
            try $0.put("4.1000001", at: "/extensions/1/data/gateToGate/gateToGateFossilGhgEmissions")
            try $0.put("-0.49", at: "/extensions/1/data/gateToGate/gateToGateBiogenicCarbonContent")
        }
        #expect(errors(found).isEmpty, "\(found)")
        let warned = warnings(found)
        #expect(warned.count == 2)
        #expect(warned.first?.hasPrefix("/extensions/1/data/gateToGate/gateToGateFossilGhgEmissions gateToGateFossilGhgEmissions 4.1000001 is larger than the cradle-to-gate value /pcf/pcfExcludingBiogenicUptake 4.10") == true)
        #expect(warned.last?.contains("/pcf/pcfIncludingBiogenicUptake -0.5") == true)
    }

    @Test func gateToGateComparesWithPACTVersion2Names() throws {
        let found = try diagnostics("gxd-product.pact23.json", gxdAt: 0, model: .pact23) {
            try $0.put("9.77", at: "/extensions/0/data/gateToGate/gateToGateFossilGhgEmissions")
        }
        #expect(warnings(found).count == 1)
        #expect(warnings(found).first?.contains("/pcf/pCfExcludingBiogenic 9.76") == true)
    }

    /// A category given as a long number literal is refused without expanding it into its digits.
    @Test(.timeLimit(.minutes(3)), arguments: ["1e999999", "1e-999999", "1.0000000000000000000000000000001e1"])
    func aCategoryAsAHugeNumberIsRefusedAtOnce(_ literal: String) throws {
        let number = try #require(JSONNumber(text: literal))
        let found = try diagnostics("gxd-organization.pact3.json", gxdAt: 0) {
            try $0.put(.array([.number(number)]), at: "/extensions/0/data/organization/scope3Category")
        }
        #expect(errors(found).contains { $0.contains("scope3Category entries must name a GHG Protocol Scope 3 category") }, "\(found)")
    }

    @Test(arguments: ["1,5", "1.", ".5", "1e3", "", "+1"])
    func gateToGateValuesAreDecimalStrings(_ text: String) throws {
        let found = try diagnostics("gxd-product.pact3.json", gxdAt: 1) { try $0.put(.string(text), at: "/extensions/1/data/gateToGate/gateToGateFossilGhgEmissions") }
        #expect(errors(found).count == 1)
        #expect(errors(found).first?.contains("must be a decimal string") == true)
    }

    @Test func gateToGateAsJSONNumberIsASchemaError() throws {
        let found = try diagnostics("gxd-product.pact3.json", gxdAt: 1) {
            try $0.put(.number(try #require(JSONNumber(text: "0.5"))), at: "/extensions/1/data/gateToGate/gateToGateFossilGhgEmissions")
        }
        #expect(errors(found) == ["/extensions/1/data/gateToGate/gateToGateFossilGhgEmissions expected a string, found number 0.5"])
    }

    @Test func fossilGateToGateAndCertificatesAreNotNegative() throws {
        let found = try diagnostics("gxd-product.pact3.json", gxdAt: 1) {
            try $0.put("-0.1", at: "/extensions/1/data/gateToGate/gateToGateFossilGhgEmissions")
            try $0.put("-3", at: "/extensions/1/data/certificate/certificateAmount")
        }
        #expect(Set(errors(found)) == [
            "/extensions/1/data/gateToGate/gateToGateFossilGhgEmissions gateToGateFossilGhgEmissions must not be negative, found -0.1",
            "/extensions/1/data/certificate/certificateAmount certificateAmount must not be negative, found -3",
        ])
        let text = try diagnostics("gxd-product.pact3.json", gxdAt: 1) { try $0.put("120 kg", at: "/extensions/1/data/certificate/certificateAmount") }
        #expect(errors(text).first?.contains(#"certificateAmount must be a decimal string such as "120.5", found "120 kg""#) == true)
    }

    // MARK: Quirks

    @Test func organizationWithoutTheUndefinedRequiredFieldsIsAcceptedWithAWarning() throws {
        let found = try diagnostics("gxd-organization.pact3.json", gxdAt: 0) {
            try $0.delete(at: "/extensions/0/data/organization/declaredUnit")
            try $0.delete(at: "/extensions/0/data/organization/crossSectoralStandardsUsed")
        }
        #expect(errors(found).isEmpty)
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.severity == .warning && $0.pointer?.description == "/extensions/0/data/organization" })
    }

    @Test func publishedSchemasWouldRefuseWhatTsunaguAccepts() throws {
        let published = ReferenceFiles.mappings.appendingPathComponent("extensions/gxd/published")
        var organization = try #require(try SharedRegistry.fixture("gxd-organization.pact3.json")["extensions"]?[0]?["data"])
        try organization.delete(at: "/organization/declaredUnit")
        try organization.put([1, 4], at: "/organization/scope3Category")
        for file in ["GxD_schema_en.json", "GxD_schema_jp.json"] {
            let strict = try JSONSchema(try ReferenceFiles.json(published.appendingPathComponent(file)))
            let messages = strict.validate(organization).map { "\($0.pointer?.description ?? "-") \($0.message)" }
            #expect(Set(messages) == [
                #"/organization missing required property "declaredUnit""#,
                "/organization/scope3Category/0 expected a string, found number 1",
                "/organization/scope3Category/1 expected a string, found number 4",
            ])
        }
    }

    @Test func declaredUnitAndStandardsWhenPresentHaveTheFirstUploadsTypes() throws {
        let found = try diagnostics("gxd-organization.pact3.json", gxdAt: 0) {
            try $0.put(1, at: "/extensions/0/data/organization/declaredUnit")
            try $0.put("GHG Protocol scope3 standard", at: "/extensions/0/data/organization/crossSectoralStandardsUsed")
        }
        #expect(Set(errors(found)) == [
            "/extensions/0/data/organization/declaredUnit expected a string, found number 1",
            #"/extensions/0/data/organization/crossSectoralStandardsUsed expected an array, found string "GHG Protocol scope3 standard""#,
        ])
    }

    @Test func scope3CategoriesAsNumbersAreAcceptedWithWarnings() throws {
        let found = try diagnostics("gxd-organization.pact3.json", gxdAt: 0) {
            try $0.put([1, "4", 15], at: "/extensions/0/data/organization/scope3Category")
        }
        #expect(errors(found).isEmpty)
        #expect(found.map { $0.pointer?.description } == ["/extensions/0/data/organization/scope3Category/0", "/extensions/0/data/organization/scope3Category/2"])
        #expect(found.allSatisfy { $0.severity == .warning })
    }

    @Test(arguments: [JSONValue.string("16"), "0", "01", "category 1", .number(JSONNumber(0)), .number(JSONNumber(16))])
    func scope3CategoriesOutsideOneToFifteenAreRefused(_ entry: JSONValue) throws {
        let found = try diagnostics("gxd-organization.pact3.json", gxdAt: 0) {
            try $0.put(["1", entry], at: "/extensions/0/data/organization/scope3Category")
        }
        #expect(errors(found).count == 1)
        #expect(errors(found).first?.hasPrefix(#"/extensions/0/data/organization/scope3Category/1 scope3Category entries must name a GHG Protocol Scope 3 category, "1" to "15""#) == true)
    }

    @Test func scope3CategoryFractionIsRefusedBySchemaOrRule() throws {
        let found = try diagnostics("gxd-organization.pact3.json", gxdAt: 0) {
            try $0.put([.number(try #require(JSONNumber(text: "1.5")))], at: "/extensions/0/data/organization/scope3Category")
        }
        #expect(!errors(found).isEmpty)
        #expect(errors(found).allSatisfy { $0.hasPrefix("/extensions/0/data/organization/scope3Category/0 ") })
    }

    @Test func scope3CategoriesAreListedOnce() throws {
        let found = try diagnostics("gxd-organization.pact3.json", gxdAt: 0) {
            try $0.put(["4", 4], at: "/extensions/0/data/organization/scope3Category")
        }
        #expect(errors(found) == ["/extensions/0/data/organization/scope3Category/1 Scope 3 category 4 is already listed at index 0; list each category once"])
    }

    @Test func distributionLevelsAreRequiredAndEnumerated() throws {
        let found = try diagnostics("gxd-organization.pact3.json", gxdAt: 0) {
            try $0.delete(at: "/extensions/0/data/organization/scope2DistributionLevel")
            try $0.put("factory", at: "/extensions/0/data/organization/scope1DistributionLevel")
        }
        #expect(Set(errors(found)) == [
            #"/extensions/0/data/organization missing required property "scope2DistributionLevel""#,
            #"/extensions/0/data/organization/scope1DistributionLevel expected one of "organization", "site", "building", "production line", found string "factory""#,
        ])
    }

    @Test func bothLanguageVariantsAreTheSameSchemaApartFromProse() throws {
        let folder = ReferenceFiles.mappings.appendingPathComponent("extensions/gxd")
        func structure(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let members):
                return .object(members.filter { !["description", "title", "$id", "$comment"].contains($0.key) }.mapValues(structure))
            case .array(let elements): return .array(elements.map(structure))
            default: return value
            }
        }
        let english = try ReferenceFiles.json(folder.appendingPathComponent("GxD_schema_en.schema.json"))
        let japanese = try ReferenceFiles.json(folder.appendingPathComponent("GxD_schema_jp.schema.json"))
        #expect(structure(english) == structure(japanese))
        #expect(english["$id"] != japanese["$id"])
    }
}
