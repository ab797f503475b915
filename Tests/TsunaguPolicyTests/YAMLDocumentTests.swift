import Testing
import TsunaguCore
@testable import TsunaguPolicy

/// The compact YAML form compiles to the same plan, so it decides like the JSON-LD form.
@Suite struct YAMLDocumentTests {
    static let yaml = """
        id: p
        type: Set
        assignTo: {tenant: t1}
        permission:
          - action: use
            constraint:
              - BusinessPartnerNumber isAnyOf [BPNL000000000001, BPNL000000000002]
              - or:
                  - UsagePurpose eq cx.pcf.base:1
                  - tsunagu:ClientId eq c9
            duty:
              - {action: reducePrecision, fields: [/pcf/x], significantDigits: 2}
        prohibition:
          - action: distribute
        """

    static let json = #"""
        {"@type": "Set", "@id": "p", "tsunagu:assignTo": {"tenant": "t1"},
         "permission": [{"action": "use", "constraint": [
            {"leftOperand": "BusinessPartnerNumber", "operator": "isAnyOf", "rightOperand": ["BPNL000000000001", "BPNL000000000002"]},
            {"or": [{"leftOperand": "UsagePurpose", "operator": "eq", "rightOperand": "cx.pcf.base:1"},
                    {"leftOperand": "tsunagu:ClientId", "operator": "eq", "rightOperand": "c9"}]}],
           "duty": [{"action": "tsunagu:reducePrecision", "tsunagu:fields": ["/pcf/x"], "tsunagu:significantDigits": 2}]}],
         "prohibition": [{"action": "distribute"}]}
        """#

    @Test func compactAndJSONLDDecideAlike() throws {
        let fromYAML = try PolicySet.compile(documents: [(file: "p.yaml", text: Self.yaml)])
        let fromJSON = try PolicySet.compile(documents: [(file: "p.json", text: Self.json)])
        let requests = [
            Fixtures.request(bpn: "BPNL000000000001", purposes: ["cx.pcf.base:1"]),
            Fixtures.request(clientID: "c9", bpn: "BPNL000000000002"),
            Fixtures.request(bpn: "BPNL000000000003", purposes: ["cx.pcf.base:1"]),
            Fixtures.request(bpn: "BPNL000000000001"),
            Fixtures.request(.distribute, bpn: "BPNL000000000001", purposes: ["cx.pcf.base:1"]),
            Fixtures.request(bpn: "BPNL000000000001", purposes: ["cx.pcf.base:1"], footprintTenant: "t2"),
        ]
        for request in requests {
            let a = fromYAML.decide(request)
            let b = fromJSON.decide(request)
            #expect(a.isPermitted == b.isPermitted)
            #expect(a.obligations == b.obligations)
            #expect(a.reasons.map(\.kind) == b.reasons.map(\.kind))
        }
        #expect(fromYAML.decide(requests[0]).obligations == [.reducePrecision(["/pcf/x"], .significantDigits(2))])
        #expect(fromYAML.decide(requests[0]).isPermitted)
        #expect(!fromYAML.decide(requests[2]).isPermitted)
    }

    @Test func yamlDiagnosticsNameTheLine() {
        let text = "id: p\npermission:\n  - action: use\n    constraint:\n      - Colour eq red\n      - Membership eq\n"
        let errors = Fixtures.errors(text, file: "p.yaml")
        #expect(errors.map(\.line) == [5, 6])
    }

    @Test func notYAMLIsReported() {
        #expect(Fixtures.errors("id: [unclosed", file: "p.yaml").count == 1)
    }

    @Test func scalarsKeepTheirText() throws {
        let document = try YAMLDocument(text: "a: 1.50\nb: '7'\nc: true\nd: ~\ne: 2026-01-01T00:00:00Z\n")
        #expect(document.root["a"]?.numberValue?.text == "1.50")
        #expect(document.root["b"] == "7")
        #expect(document.root["c"] == true)
        #expect(document.root["d"] == .null)
        #expect(document.root["e"] == "2026-01-01T00:00:00Z")
        #expect(document.lines[JSONPointer(tokens: ["c"])] == 3)
    }
}
