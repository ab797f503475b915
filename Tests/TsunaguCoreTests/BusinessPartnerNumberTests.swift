import Testing
import TsunaguCore

@Suite struct BusinessPartnerNumberTests {
    @Test(arguments: ["BPNL00000003AYRE", "BPNL000000000001", "BPNLABCDEFGHIJKL"])
    func acceptsLegalEntityNumbers(text: String) {
        #expect(BusinessPartnerNumber(text)?.value == text)
    }

    @Test(arguments: ["BPNS00000003AYRE", "BPNL00000003AYR", "BPNL00000003AYREX", "bpnl00000003ayre", "BPNL00000003AYR-", "", "BPNL0000000３AYRE"])
    func refusesEverythingElse(text: String) {
        #expect(BusinessPartnerNumber(text) == nil)
    }
}
