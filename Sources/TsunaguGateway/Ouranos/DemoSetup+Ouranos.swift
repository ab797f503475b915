import Foundation
import TsunaguRelay
import TsunaguStore

extension DemoSetup {
    /// The demo's Ouranos-side buyer, registered when `TSUNAGU_DEMO_OURANOS_BUYER_NUMBER` (its
    /// corporate number), `TSUNAGU_DEMO_OURANOS_BUYER_ACCOUNT` and
    /// `TSUNAGU_DEMO_OURANOS_BUYER_PASSWORD` are set: an API client of tenant `demo` (the login
    /// account) and the Ouranos partner `ouranos-buyer` that names it. The demo tenant's own
    /// operator still comes from the configuration (`ouranos.operators.demo`).
    /// - Throws: when the number fails its check digit or the store refuses the records.
    func prepareOuranosBuyer() async throws {
        guard let number = environment["TSUNAGU_DEMO_OURANOS_BUYER_NUMBER"], let account = environment["TSUNAGU_DEMO_OURANOS_BUYER_ACCOUNT"],
            let password = environment["TSUNAGU_DEMO_OURANOS_BUYER_PASSWORD"]
        else { return }
        let client = APIClient(clientID: account, tenant: Self.tenant, secretHash: try SecretHasher.hash(password), callback: nil, created: Date())
        if try await store.client(id: account) == nil {
            try await store.addClient(client)
        } else {
            try await store.updateClient(client)
        }
        let partner = try Partner(
            name: "ouranos-buyer", tenant: Self.tenant, ecosystem: .ouranos, baseURL: "https://ouranos-buyer.invalid", corporateNumber: number,
            model: "ouranos-cfp@3.0.0", inboundClientID: account
        )
        if try await store.partner(named: partner.name, tenant: Self.tenant) == nil {
            try await store.addPartner(partner.stored(created: Date()))
        } else {
            try await store.updatePartner(partner.stored(created: Date()))
        }
    }
}
