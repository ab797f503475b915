import Foundation
import TsunaguCore
import TsunaguRelay
import TsunaguStore

/// Finds the registered Catena-X partners behind a BPN, across the gateway's tenants.
///
/// A Catena-X call names its sender only by the `Edc-Bpn` its connector set, so the tenant it
/// addresses is the one that registered a partner with that BPN. Registering one BPN with two
/// tenants of one gateway makes its calls ambiguous; they are then refused (see docs/CATENAX.md).
struct CatenaXPartnerDirectory: Sendable {
    let store: any GatewayStore

    /// Every valid Catena-X partner with `bpn`, over all tenants.
    func partners(bpn: String) async throws(StoreError) -> [Partner] {
        try await store.partners(bpn: bpn).filter { $0.ecosystem == DataEcosystem.catenax.rawValue }.compactMap { try? Partner(stored: $0) }
    }

    /// The one Catena-X partner with `bpn`; `nil` when none or more than one tenant registered it.
    func partner(bpn: String) async throws(StoreError) -> Partner? {
        let found = try await partners(bpn: bpn)
        return found.count == 1 ? found[0] : nil
    }

    /// The Catena-X partner of `tenant` with `bpn`, if registered.
    func partner(bpn: String, tenant: String) async throws(StoreError) -> Partner? {
        try await store.partners(ofTenant: tenant)
            .lazy
            .filter { $0.bpn == bpn && $0.ecosystem == DataEcosystem.catenax.rawValue }
            .compactMap { try? Partner(stored: $0) }
            .first
    }
}
