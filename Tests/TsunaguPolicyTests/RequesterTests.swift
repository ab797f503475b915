import Foundation
import Testing
import TsunaguCore
@testable import TsunaguPolicy

@Suite struct RequesterTests {
    @Test func frameworkAgreementText() {
        #expect(FrameworkAgreement("DataExchangeGovernance:1.0") == FrameworkAgreement(name: "DataExchangeGovernance", version: "1.0"))
        #expect(FrameworkAgreement("Traceability").version == "")
        #expect(FrameworkAgreement(name: "A", version: "2").text == "A:2")
        #expect(FrameworkAgreement(name: "A", version: "").text == "A")
    }

    @Test func footprintFactsFromTheCanonicalFootprint() throws {
        let document = try JSONParser().parse(#"{"id": "3f1c2d4e-0000-4000-8000-000000000001", "status": "Active", "pcf": {}, "productIds": ["urn:p:1"], "productClassifications": ["urn:c:1"]}"#)
        let footprint = try ProductFootprint(document: document)
        let facts = FootprintFacts(tenant: "t", footprint: footprint, originEcosystem: .ouranos)
        #expect(facts.footprintID == "3f1c2d4e-0000-4000-8000-000000000001")
        #expect(facts.productIDs == ["urn:p:1"])
        #expect(facts.classifications == ["urn:c:1"])
        #expect(facts.originEcosystem == .ouranos)
    }
}
