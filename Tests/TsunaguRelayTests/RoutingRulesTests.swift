import Testing
@testable import TsunaguRelay

@Suite struct RoutingRulesTests {
    let query = ProductQuery(productIDs: ["urn:gtin:4012345000017"], companyID: "BPNL00000003CRHK", classifications: ["un-cpc:4710"])

    @Test func theMostSpecificMatchingRuleWinsWhateverItsPlaceInTheFile() {
        let rules = RoutingRules(rules: [
            RoutingRule(productIDPrefix: "urn:gtin:", source: .partner("broad")),
            RoutingRule(productIDPrefix: "urn:gtin:4012345", source: .partner("longer-prefix")),
            RoutingRule(productIDPrefix: "urn:gtin:", companyID: "BPNL00000003CRHK", source: .partner("two-criteria")),
        ])
        #expect(rules.route(query)?.source == .partner("two-criteria"))
        let other = ProductQuery(productIDs: ["urn:gtin:4012345000099"])
        #expect(rules.route(other)?.source == .partner("longer-prefix"))
        #expect(rules.route(ProductQuery(productIDs: ["urn:gtin:999"]))?.source == .partner("broad"))
    }

    @Test func equallySpecificRulesKeepTheirOrder() {
        let rules = RoutingRules(rules: [
            RoutingRule(classification: "un-cpc:4710", source: .partner("first")),
            RoutingRule(companyID: "BPNL00000003CRHK", source: .partner("second")),
        ])
        #expect(rules.route(query)?.source == .partner("first"))
    }

    @Test func unmatchedRequestsGoToTheFallbackOrNowhere() {
        let rule = RoutingRule(productIDPrefix: "urn:isbn:", source: .partner("books"))
        let withStore = RoutingRules(rules: [rule])
        #expect(withStore.route(query)?.source == .tenantStore)
        #expect(withStore.route(query)?.rule == nil)
        #expect(RoutingRules(rules: [rule], fallback: nil).route(query) == nil)
        #expect(RoutingRules(rules: [rule], fallback: .partner("hub")).partnerNames == ["books", "hub"])
    }
}
