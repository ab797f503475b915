import Foundation
import Testing
import TsunaguCore
@testable import TsunaguPolicy

@Suite struct DecisionRequestJSONTests {
    @Test func readsEveryField() throws {
        let text = """
            {"action": "distribute", "time": "2026-06-01T00:00:00Z",
             "requester": {"ecosystem": "catenax", "tenant": "t", "clientId": "c", "bpn": "BPNL000000000001", "bpnGroups": ["g"],
                           "corporateNumber": "7010001088960", "memberships": ["catena-x"], "frameworkAgreements": ["DataExchangeGovernance:1.0"],
                           "usagePurposes": ["cx.pcf.base:1"], "contractReferences": ["r"], "contractStart": "2026-01-01"},
             "footprint": {"tenant": "o", "id": "f", "productIds": ["urn:p"], "classifications": ["urn:c"], "originEcosystem": "ouranos"}}
            """
        let request = try DecisionRequest(text: text, isYAML: false, defaultTime: Date())
        #expect(request.action == .distribute)
        #expect(request.time == TimeText.parse("2026-06-01T00:00:00Z"))
        #expect(request.requester.frameworkAgreements == [FrameworkAgreement(name: "DataExchangeGovernance", version: "1.0")])
        #expect(request.requester.corporateNumber == "7010001088960")
        #expect(request.requester.contractStart == TimeText.parse("2026-01-01"))
        #expect(request.footprint.originEcosystem == .ouranos)
        #expect(request.footprint.classifications == ["urn:c"])
    }

    @Test func reportsEveryProblem() {
        let text = #"{"action": "copy", "requester": {"ecosystem": "x", "tenant": 3, "nickname": "n"}, "footprint": {}}"#
        do {
            _ = try DecisionRequest(text: text, isYAML: false, defaultTime: Date())
            Issue.record("must fail")
        } catch {
            #expect(Set(error.diagnostics.compactMap(\.pointer?.description)) == ["/action", "/requester/ecosystem", "/requester/tenant", "/requester/nickname", "/footprint/tenant"])
        }
    }

    @Test func yamlRequestsAndDefaultTime() throws {
        let now = Date(timeIntervalSince1970: 5)
        let request = try DecisionRequest(text: "action: use\nrequester: {ecosystem: pact, tenant: t}\nfootprint: {tenant: t}\n", isYAML: true, defaultTime: now)
        #expect(request.time == now)
        #expect(request.footprint.originEcosystem == .pact)
    }
}
