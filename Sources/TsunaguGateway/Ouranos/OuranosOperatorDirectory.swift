import Foundation
import TsunaguCore
import TsunaguEcosystems
import TsunaguStore

/// The operators a tenant's Ouranos callers can see: the tenant's own company (from the
/// configuration) and every partner of the tenant known by a corporate number.
///
/// An operator's internal id is derived from the tenant and the corporate number, so it is the
/// same after a restart and needs no table, and the id alone tells which tenant a caller belongs to.
struct OuranosOperatorDirectory: Sendable {
    let settings: OuranosSettings
    let store: any GatewayStore

    /// What is shown as the address of a partner, whose address the gateway does not keep.
    static let unregisteredAddress = "not registered with this gateway"

    /// The internal id of the operator with `corporateNumber` as `tenant` sees it: a UUID (version
    /// 8, name-based) from SHA-256 of both.
    static func operatorID(tenant: String, corporateNumber: CorporateNumber) -> String {
        DerivedUUID.make("tsunagu-ouranos-operator", tenant, corporateNumber.digits)
    }

    /// The tenant's own operator, when the configuration names one.
    func own(tenant: String) -> OuranosOperator? {
        guard let configured = settings.operators[tenant], let number = CorporateNumber(configured.corporateNumber) else { return nil }
        return OuranosOperator(
            operatorID: Self.operatorID(tenant: tenant, corporateNumber: number), corporateNumber: number, name: configured.name,
            address: configured.address.flatMap { $0.isEmpty ? nil : $0 } ?? Self.unregisteredAddress
        )
    }

    /// The operator a partner is, when it has a corporate number.
    static func partnerOperator(_ partner: StoredPartner) -> OuranosOperator? {
        guard let number = partner.corporateNumber.flatMap(CorporateNumber.init) else { return nil }
        return OuranosOperator(
            operatorID: operatorID(tenant: partner.tenant, corporateNumber: number), corporateNumber: number, name: partner.name,
            address: unregisteredAddress
        )
    }

    /// Every operator `tenant`'s callers can see: its own first, then its partners by name.
    func all(tenant: String) async throws(OuranosError) -> [OuranosOperator] {
        let partners: [StoredPartner]
        do {
            partners = try await store.partners(ofTenant: tenant)
        } catch {
            throw OuranosError.serviceUnavailable("the gateway's store is not available; try again", system: .auth)
        }
        var seen: Set<String> = []
        return ([own(tenant: tenant)].compactMap { $0 } + partners.compactMap(Self.partnerOperator)).filter { seen.insert($0.operatorID).inserted }
    }
}
