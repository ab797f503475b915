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

@Suite struct TimestampTests {
    @Test func parsesTheFormsPartnersSend() throws {
        let reference = try #require(Timestamp.parse("2025-04-01T00:00:00Z"))
        #expect(Timestamp.parse("2025-04-01T00:00Z") == reference)
        #expect(Timestamp.parse("2025-04-01") == reference)
        #expect(Timestamp.parse("2025-04-01T09:00:00+09:00") == reference)
        #expect(Timestamp.parse("2025-04-01T00:00:00.500Z") == reference.addingTimeInterval(0.5))
        #expect(Timestamp.format(reference) == "2025-04-01T00:00:00Z")
    }

    @Test(arguments: ["", "2025-13-01", "2025-04-01T25:00Z", "2025-04-01T00:00", "yesterday", "2025-04-01T00:00:00Zjunk"])
    func rejectsWhatIsNotATimeStamp(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}
