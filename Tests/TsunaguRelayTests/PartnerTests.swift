import Foundation
import Testing
import TsunaguCore
import TsunaguStore
@testable import TsunaguRelay

@Suite struct PartnerTests {
    /// A corporate number whose check digit is right, built with TsunaguCore.
    static let corporateNumber: String = {
        let body = "700110005901"
        return "\(CorporateNumber.checkDigit(forBody: body) ?? 0)\(body)"
    }()

    @Test func aValidPartnerRoundTripsThroughItsStoreRecord() throws {
        let partner = try Partner(
            name: "ouranos-supplier", tenant: "acme", ecosystem: .ouranos, baseURL: "https://supplier.example/api",
            corporateNumber: Self.corporateNumber, model: "ouranos-cfp@3.0.0",
            outbound: OutboundCredentials(clientID: "tsunagu@acme", secretVariable: "SUPPLIER_PASSWORD", apiKeyVariable: "SUPPLIER_API_KEY")
        )
        let created = Date(timeIntervalSince1970: 1_800_000_000)
        let record = partner.stored(created: created)
        #expect(record.corporateNumber == Self.corporateNumber)
        #expect(record.outboundSecretVariable == "SUPPLIER_PASSWORD")
        #expect(try Partner(stored: record) == partner)
    }

    /// A partner's secrets never go over plain HTTP to another machine; loopback stays open for
    /// tests and side-car proxies.
    @Test func plainHTTPCarriesNoSecretsOffThisMachine() throws {
        let credentials = OutboundCredentials(clientID: "tsunagu", secretVariable: "SUPPLIER_SECRET")
        #expect { try Partner(name: "p", tenant: "acme", ecosystem: .pact, baseURL: "http://pcf.example", model: "pact@3.0.0", outbound: credentials) } throws: {
            ($0 as? DiagnosticsError)?.diagnostics.contains { $0.message.contains("plain HTTP") } == true
        }
        _ = try Partner(name: "p", tenant: "acme", ecosystem: .pact, baseURL: "https://pcf.example", model: "pact@3.0.0", outbound: credentials)
        _ = try Partner(name: "p", tenant: "acme", ecosystem: .pact, baseURL: "http://127.0.0.1:8080", model: "pact@3.0.0", outbound: credentials)
        _ = try Partner(name: "p", tenant: "acme", ecosystem: .pact, baseURL: "http://pcf.example", model: "pact@3.0.0")
    }

    @Test func everyProblemIsReportedTogether() {
        do {
            _ = try Partner(
                name: "bad name", tenant: "acme", ecosystem: .catenax, baseURL: "ftp://x", corporateNumber: "1234567890123",
                model: "pact@3.0.0", outbound: OutboundCredentials(secretVariable: "s3cr3t-value!")
            )
            Issue.record("an invalid partner was accepted")
        } catch {
            let fields = Set(error.diagnostics.compactMap { $0.pointer?.description })
            #expect(fields == ["/name", "/baseURL", "/bpn", "/corporateNumber", "/model", "/outboundSecretEnv", "/outboundClientId"])
            #expect(!error.description.contains("s3cr3t-value!"))
        }
    }

    @Test func aCatenaXPartnerNeedsAValidBPN() {
        #expect(throws: DiagnosticsError.self) {
            try Partner(name: "cx", tenant: "acme", ecosystem: .catenax, baseURL: "https://cx.example", bpn: "BPNS00000003AYRE", model: "catenax-pcf@9.0.0")
        }
        #expect(throws: Never.self) {
            try Partner(name: "cx", tenant: "acme", ecosystem: .catenax, baseURL: "https://cx.example", bpn: "BPNL00000003AYRE", model: "catenax-pcf@9.0.0")
        }
    }

    @Test func anUnknownEcosystemInTheStoreIsReported() {
        let record = StoredPartner(tenant: "acme", name: "x", ecosystem: "gaia-x", baseURL: "https://x.example", model: "pact@3.0.0", created: Date())
        #expect(throws: DiagnosticsError.self) { try Partner(stored: record) }
    }
}
