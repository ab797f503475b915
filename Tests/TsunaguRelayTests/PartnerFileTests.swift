import Testing
import TsunaguCore
@testable import TsunaguRelay

@Suite struct PartnerFileTests {
    @Test func aValidFileGivesEveryPartnerWithSecretsOnlyByVariableName() throws {
        let partners = try PartnerFile.parse(
            """
            partners:
              - name: steel-supplier
                ecosystem: pact
                baseURL: https://pcf.steel.example
                model: pact@3.0.0
                inboundClientId: steel-client
                outbound:
                  clientId: platform
                  secretEnv: STEEL_SECRET
              - name: cell-maker
                ecosystem: ouranos
                baseURL: https://ouranos.cells.example/api
                model: ouranos-cfp@3.0.0
                corporateNumber: "7010001088960"
                outbound: {clientId: tsunagu, secretEnv: CELLS_PASSWORD, apiKeyEnv: CELLS_API_KEY}
            """, file: "partners.yaml", tenant: "acme")
        #expect(partners.map(\.name) == ["steel-supplier", "cell-maker"])
        #expect(partners[0].outbound.secretVariable == "STEEL_SECRET")
        #expect(partners[0].inboundClientID == "steel-client")
        #expect(partners[1].corporateNumber?.digits == "7010001088960")
        #expect(partners[1].outbound.apiKeyVariable == "CELLS_API_KEY")
        #expect(partners.allSatisfy { $0.tenant == "acme" })
    }

    @Test func everyProblemIsListedWithItsLineAndPointer() {
        let text = """
            partners:
              - name: broken
                ecosystem: catenax
                baseURL: ftp://nowhere
                model: catenax-pcf@9.0.0
                secret: hunter2
              - name: twice
                ecosystem: pact
                baseURL: https://a.example
                model: pact@3.0.0
                outbound: {secretEnv: "not a variable"}
              - name: twice
                ecosystem: pact
                baseURL: https://b.example
                model: pact@3.0.0
              - ecosystem: mars
            """
        do {
            _ = try PartnerFile.parse(text, file: "partners.yaml", tenant: "acme")
            Issue.record("the file must be refused")
        } catch {
            let problems = error.diagnostics.map { "\($0.line ?? 0) \($0.pointer?.description ?? "") \($0.message)" }
            #expect(problems.contains { $0.hasPrefix("6 /partners/0/secret unknown key 'secret' (secrets are never written to files") })
            #expect(problems.contains { $0.hasPrefix("4 /partners/0/baseURL ") })
            #expect(problems.contains { $0.hasPrefix("2 /partners/0/bpn a Catena-X partner needs its BPN") || $0.contains("/partners/0/bpn") })
            #expect(problems.contains { $0.contains("/partners/1/outbound/secretEnv") && $0.contains("environment variable") })
            #expect(problems.contains { $0.contains("/partners/2") && $0.contains("declared twice") })
            #expect(problems.contains { $0.contains("/partners/3") && $0.contains("no 'name'") })
            #expect(error.diagnostics.allSatisfy { $0.file == "partners.yaml" })
        }
    }

    /// A Catena-X call names its sender by BPN only: two Catena-X partners of one tenant with one
    /// BPN are refused, naming the first, before anything is written.
    @Test func twoCatenaXPartnersWithOneBPNAreRefused() {
        let text = """
            partners:
              - name: cell-a
                ecosystem: catenax
                baseURL: https://a.example/pcf
                model: catenax-pcf@9.0.0
                bpn: BPNL00000003CELL
              - name: cell-b
                ecosystem: catenax
                baseURL: https://b.example/pcf
                model: catenax-pcf@9.0.0
                bpn: BPNL00000003CELL
            """
        do {
            _ = try PartnerFile.parse(text, file: "partners.yaml", tenant: "acme")
            Issue.record("the file must be refused")
        } catch {
            let problems = error.diagnostics.map { "\($0.line ?? 0) \($0.pointer?.description ?? "") \($0.message)" }
            #expect(problems.contains { $0.hasPrefix("7 /partners/1 ") && $0.contains("'cell-a'") && $0.contains("BPNL00000003CELL") }, "\(problems)")
        }
    }

    @Test func aFileThatIsNotAPartnerListIsRefused() {
        #expect(throws: DiagnosticsError.self) { try PartnerFile.parse("rules: []", file: "p.yaml", tenant: "acme") }
        #expect(throws: DiagnosticsError.self) { try PartnerFile.parse("partners: [", file: "p.yaml", tenant: "acme") }
    }
}
