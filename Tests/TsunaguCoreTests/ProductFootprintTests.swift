import Testing
@testable import TsunaguCore

@Suite struct ProductFootprintTests {
    @Test func readsIndexedFieldsAndExtensions() throws {
        let document = try JSONParser().parse("""
            {"id": "3893bb5d-da16-4dc1-9185-11d97476c254", "status": "Active", "productIds": ["urn:a"],
             "companyIds": ["urn:c"], "productClassifications": ["urn:k"],
             "pcf": {"geographyCountry": "JP", "declaredUnitAmount": "1.000"},
             "extensions": [{"specVersion": "2.0.0", "dataSchema": "https://x/schema.json", "data": {"k": "v"}}]}
            """)
        let footprint = try ProductFootprint(document: document)
        #expect(footprint.productIDs == ["urn:a"])
        #expect(footprint.geographies == ["JP"])
        #expect(footprint.extensions.first?.dataSchema == "https://x/schema.json")
        #expect(footprint.document[pointer: "/pcf/declaredUnitAmount"] == "1.000")
    }

    @Test func listsEveryProblemOfABadDocument() {
        do {
            _ = try ProductFootprint(document: ["id": "urn:not-a-uuid", "status": "Gone"])
            Issue.record("expected an error")
        } catch {
            let pointers = error.diagnostics.compactMap(\.pointer?.description)
            #expect(pointers == ["/id", "/pcf", "/status"])
        }
    }
}
