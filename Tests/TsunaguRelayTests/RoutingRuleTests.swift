import Testing
@testable import TsunaguRelay

@Suite struct RoutingRuleTests {
    let query = ProductQuery(productIDs: ["urn:gtin:4012345000017", "urn:mpn:AB-1"], companyID: "BPNL00000003CRHK", classifications: ["un-cpc:4710"])

    @Test func everyCriterionTheRuleSetsMustHold() {
        #expect(RoutingRule(productIDPrefix: "urn:mpn:", source: .tenantStore).matches(query))
        #expect(!RoutingRule(productIDPrefix: "urn:isbn:", source: .tenantStore).matches(query))
        #expect(RoutingRule(productIDPrefix: "urn:gtin:", companyID: "BPNL00000003CRHK", source: .tenantStore).matches(query))
        #expect(!RoutingRule(productIDPrefix: "urn:gtin:", companyID: "BPNL00000003AYRE", source: .tenantStore).matches(query))
        #expect(RoutingRule(classification: "un-cpc:4710", source: .tenantStore).matches(query))
        #expect(!RoutingRule(classification: "un-cpc:9999", source: .tenantStore).matches(query))
        #expect(!RoutingRule(companyID: "BPNL00000003CRHK", source: .tenantStore).matches(ProductQuery(productIDs: ["x"])))
        #expect(RoutingRule(source: .tenantStore).matches(query))
    }

    @Test func specificityCountsCriteriaThenPrefixLength() {
        #expect(RoutingRule(productIDPrefix: "urn:", companyID: "c", source: .tenantStore).specificity == (2, 4))
        #expect(RoutingRule(classification: "k", source: .tenantStore).specificity == (1, 0))
    }
}
