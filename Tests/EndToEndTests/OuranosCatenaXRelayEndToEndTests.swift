import AsyncHTTPClient
import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguGateway
import TsunaguRelay

/// Scenario 2: an Ouranos-side buyer sends Tsunagu A a trade request; A's routing sends the
/// product to a Catena-X supplier, Tsunagu B, reached through a connector data plane (a proxy
/// that names the consumer with `Edc-Bpn`); B answers by PUT through the other data plane; the
/// buyer reads the CFP through status and cfp.
@Suite(.serialized) struct OuranosCatenaXRelayEndToEndTests {
    static let alphaBPN = "BPNL00000000ALFA"
    static let betaBPN = "BPNL00000000BETA"
    static let alphaKey = "alpha-data-plane-key-0123456789"
    static let betaKey = "beta-data-plane-key-0123456789"

    @Test func anOuranosBuyerIsAnsweredByACatenaXSupplier() async throws {
        let policies = try OuranosCompanies.policies(distribute: true)
        let beta = try await OuranosTestCompany.start(
            name: "beta", corporateNumber: OuranosCompanies.beta, environment: ["TSUNAGU_CX_DATA_PLANE_KEY": Self.betaKey],
            policies: policies, footprints: [OuranosCompanies.bolt(total: "3.14159")]
        )
        let alpha = try await OuranosTestCompany.start(
            name: "alpha", corporateNumber: OuranosCompanies.alpha,
            environment: ["TSUNAGU_OURANOS_API_KEY": OuranosCompanies.apiKey, "TSUNAGU_CX_DATA_PLANE_KEY": Self.alphaKey],
            policies: policies, routing: "rules:\n  - productIdPrefix: \"urn:tsunagu:test:ouranos:\"\n    from: partner:cx-beta\n"
        )
        let toBeta = try await DataPlaneProxy.start(
            to: beta.baseURL, adding: ["Edc-Bpn": Self.alphaBPN, "X-Data-Plane-Key": Self.betaKey], trusting: beta.certificatePath
        )
        let toAlpha = try await DataPlaneProxy.start(
            to: alpha.baseURL, adding: ["Edc-Bpn": Self.betaBPN, "X-Data-Plane-Key": Self.alphaKey], trusting: alpha.certificatePath
        )
        try await alpha.withClient(stopping: [beta, toAlpha, toBeta]) { http in
            try await alpha.addBuyer(name: "gamma", corporateNumber: OuranosCompanies.gamma, account: "gamma-buyer", password: "gamma-password")
            try await alpha.gateway.store.addPartner(
                Partner(name: "cx-beta", tenant: OuranosTestCompany.tenant, ecosystem: .catenax, baseURL: toBeta.baseURL, bpn: Self.betaBPN, model: "catenax-pcf@9.0.0")
                    .stored(created: Date()))
            try await beta.gateway.store.addPartner(
                Partner(name: "cx-alpha", tenant: OuranosTestCompany.tenant, ecosystem: .catenax, baseURL: toAlpha.baseURL, bpn: Self.alphaBPN, model: "catenax-pcf@9.0.0")
                    .stored(created: Date()))
            let buyer = OuranosBuyer(client: OuranosClient(httpClient: http, baseURL: alpha.baseURL, apiKey: OuranosCompanies.apiKey), account: "gamma-buyer", password: "gamma-password")
            let outcome = try await buyer.ask(supplier: OuranosCompanies.alpha, productID: "urn:tsunagu:test:ouranos:bolt-m8")
            #expect(outcome.status.responseStatus == .completed, "\(outcome.status.replyMessage ?? "")")
            #expect(outcome.values.last?.ghgEmission?.text == "3.14159")
            #expect(outcome.seconds < 15, "answered after \(outcome.seconds) s")
            try await Task.sleep(for: .milliseconds(600))
            let relayed = try await alpha.gateway.store.auditEntries(tenant: OuranosTestCompany.tenant, limit: 200)
            #expect(relayed.contains { $0.action == "relay.translating" && $0.detail["upstreamModel"] == "catenax-pcf@9.0.0" && $0.detail["partner"] == "cx-beta" })
        }
    }
}
