import Foundation
import Testing
import TsunaguCore
@testable import TsunaguEcosystems

@Suite struct FootprintQueryTests {
    let steel = try! ProductFootprint(document: [
        "id": "3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01", "status": "Active", "productIds": ["urn:p:steel", "urn:gtin:1"],
        "companyIds": ["urn:c:kanto"], "productClassifications": ["urn:cpc:4121"],
        "validityPeriodStart": "2025-01-01T00:00:00Z", "validityPeriodEnd": "2027-12-31T23:59:59Z",
        "pcf": ["geographyCountry": "JP", "referencePeriodEnd": "2025-01-01T00:00:00Z"],
    ])

    func query(_ items: [(String, String)]) throws -> FootprintQuery {
        try FootprintQuery.parse(queryItems: items.map { (name: $0.0, value: $0.1) })
    }

    @Test func valuesOfOneCriterionAreAlternatives() throws {
        #expect(try query([("productId", "urn:other"), ("productId", "urn:p:steel")]).matches(steel))
        #expect(try query([("productId", "urn:other")]).matches(steel) == false)
    }

    /// Each footprint is compared with every value: a request may name at most 1000 of them.
    @Test func aRequestNamingTooManyValuesIsRefused() throws {
        let many = JSONValue.array((0...FootprintQuery.maximumValues).map { .string("urn:p:\($0)") })
        #expect { try FootprintQuery.parse(requestData: ["productId": many]) } throws: { error in
            (error as? PACTError)?.message.contains("at most \(FootprintQuery.maximumValues)") == true
        }
        #expect(try FootprintQuery.parse(requestData: ["productId": .array(Array(many.arrayValue!.prefix(FootprintQuery.maximumValues)))]).productIDs.count == 1000)
        #expect(throws: PACTError.self) { try query((0...FootprintQuery.maximumValues).map { ("productId", "urn:p:\($0)") }) }
    }

    @Test func differentCriteriaMustAllHold() throws {
        #expect(try query([("productId", "urn:p:steel"), ("geography", "JP"), ("status", "Active")]).matches(steel))
        #expect(try query([("productId", "urn:p:steel"), ("geography", "DE")]).matches(steel) == false)
        #expect(try query([("companyId", "urn:c:kanto"), ("classification", "urn:cpc:9999")]).matches(steel) == false)
    }

    /// Form encoders send a space as '+', which no geography holds: `Western+Europe` is the subregion.
    @Test func aFormEncodedSpaceInAGeographyIsASpace() throws {
        let western = try ProductFootprint(document: [
            "id": "3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a02", "status": "Active", "productIds": ["urn:p:x"], "pcf": ["geographyRegionOrSubregion": "Western Europe"],
        ])
        #expect(try query([("geography", "Western+Europe")]).matches(western))
        #expect(try query([("geography", "Western Europe")]).matches(western))
        #expect(try query([("geography", "Europe")]).matches(western) == false, "matched exactly, as the conformance tool checks")
    }

    @Test func valuesMatchIgnoringCaseAsPACTv3Requires() throws {
        #expect(try query([("productId", "URN:P:STEEL")]).matches(steel))
        #expect(try query([("productId", "urn:GTIN:1")]).matches(steel))
        #expect(try query([("companyId", "Urn:C:Kanto")]).matches(steel))
        #expect(try query([("classification", "URN:CPC:4121")]).matches(steel))
        #expect(try query([("geography", "jp")]).matches(steel))
        #expect(try query([("status", "active")]).matches(steel))
        #expect(try query([("status", "DEPRECATED")]).matches(steel) == false)
        #expect(try query([("productId", "URN:P:STEEL2")]).matches(steel) == false)
        #expect(try FootprintQuery.parse(requestData: ["productId": ["URN:P:Steel"]]).matches(steel))
    }

    @Test func validityFilters() throws {
        #expect(try query([("validOn", "2026-06-01T00:00:00Z")]).matches(steel))
        #expect(try query([("validOn", "2024-06-01T00:00Z")]).matches(steel) == false)
        #expect(try query([("validAfter", "2024-12-31T00:00:00Z")]).matches(steel))
        #expect(try query([("validAfter", "2025-06-01T00:00:00Z")]).matches(steel) == false)
        #expect(try query([("validBefore", "2028-01-01T00:00:00Z")]).matches(steel))
        #expect(try query([("validBefore", "2027-01-01T00:00:00Z")]).matches(steel) == false)
    }

    @Test func parameterNamesAreCaseInsensitiveAndToleratePrefix() throws {
        #expect(try query([("productid", "urn:gtin:1")]).matches(steel))
        #expect(try query([("$productId", "urn:gtin:1")]).matches(steel))
    }

    @Test func refusesODataAndUnknownParametersAndBadDates() throws {
        #expect(throws: PACTError.badRequest("$filter is not supported in PACT v3: use the query parameters productId, companyId, geography, classification, validOn, validAfter, validBefore and status")) {
            try query([("$filter", "created ge '2023-01-01'")])
        }
        #expect { try query([("colour", "red")]) } throws: { ($0 as? PACTError)?.code == "BadRequest" }
        #expect { try query([("validOn", "tomorrow")]) } throws: { ($0 as? PACTError)?.message.contains("RFC 3339") == true }
        #expect(try query([("x-acme-invoice", "1")]).isEmpty)
    }

    @Test func readsRequestCreatedDataInBothShapes() throws {
        let v3 = try FootprintQuery.parse(requestData: ["productId": ["urn:p:steel"], "geography": ["JP"], "comment": "please"])
        #expect(v3.matches(steel))
        let v2 = try FootprintQuery.parse(requestData: ["pf": ["productIds": ["urn:gtin:1"]], "comment": "please"])
        #expect(v2.productIDs == ["urn:gtin:1"])
        #expect { try FootprintQuery.parse(requestData: ["productId": [1]]) } throws: { ($0 as? PACTError)?.code == "BadRequest" }
    }

    /// A request must name what it asks for: without a criterion it would match every footprint.
    @Test func aRequestWithoutCriteriaIsRefusedNamingTheCriteria() throws {
        let empty: [JSONValue] = [[:], ["comment": "all of them please"], ["productIds": ["urn:p:steel"]], ["pf": [:]], ["pf": ["productCategoryCpc": "3342"]]]
        for data in empty {
            #expect {
                try FootprintQuery.parse(requestData: data)
            } throws: { error in
                guard let error = error as? PACTError, error.code == "BadRequest" else { return false }
                return error.message.contains("data.productId,") && error.message.contains("no criterion")
            }
        }
        #expect {
            try FootprintQuery.parse(requestData: ["productIds": ["urn:p:steel"]])
        } throws: { ($0 as? PACTError)?.message.contains("not criteria: data.productIds") == true }
        for fragment: JSONValue in ["urn:p:steel", ["productIds": "urn:p:steel"], ["companyIds": [7]]] {
            #expect {
                try FootprintQuery.parse(requestData: ["pf": fragment])
            } throws: { ($0 as? PACTError)?.message.contains("data.pf") == true }
        }
        #expect(try FootprintQuery.parse(requestData: ["status": ["Active"]]).statuses == ["Active"])
    }
}
