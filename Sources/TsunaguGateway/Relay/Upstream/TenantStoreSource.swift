import Foundation
import TsunaguCore
import TsunaguMapping
import TsunaguRelay
import TsunaguStore

/// Fetches a relayed footprint from the tenant's own store: the newest active footprint of the
/// first asked product id that has one (product ids compare case-insensitively, as URNs do).
struct TenantStoreSource: Sendable {
    let store: any GatewayStore

    func fetch(_ query: ProductQuery, tenant: String) async -> UpstreamFetchOutcome {
        let records: [StoredFootprint]
        do {
            records = try await store.footprints(ofTenant: tenant)
        } catch {
            return .failure(UpstreamFailure(.unavailable, "the tenant's store is not available: \(error)"))
        }
        let active = records.filter { $0.footprint.status == .active }
        for productID in query.productIDs {
            let wanted = productID.lowercased()
            let matching = active.filter { record in record.footprint.productIDs.contains { $0.lowercased() == wanted } }
            if let newest = matching.max(by: { $0.sequence < $1.sequence }) {
                return .document(RelayDocument(json: newest.footprint.document, model: MappingCatalog.pivot))
            }
        }
        return .failure(UpstreamFailure(.notFound, "no active footprint for product \(query.productIDs.joined(separator: ", "))"))
    }
}
