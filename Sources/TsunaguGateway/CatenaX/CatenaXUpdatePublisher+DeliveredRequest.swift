import Foundation
import TsunaguCore
import TsunaguRelay
import TsunaguStore

extension CatenaXUpdatePublisher {
    /// What an update of a delivered Catena-X request needs of it.
    struct DeliveredRequest: Sendable {
        /// What a requester follows: a product, asked for by one requester at one reply endpoint.
        ///
        /// The publisher keeps one delivered request per subject, the newest: a requester that
        /// asked for the same product again holds the newer answer under its newer request id,
        /// and an update of that request brings it every later version, so updates of its older
        /// request ids would only repeat them. Kept this way, what the publisher holds is bounded
        /// by the requesters and products there are, not by the requests delivered over the
        /// process's life.
        struct Subject: Hashable, Sendable {
            let requester: String
            let endpoint: String
            let productIDs: [String]
        }

        let id: String
        let requester: RelayRequester
        let address: CatenaXReplyAddress
        let query: ProductQuery
        let updated: Date
        let retryPolicy: RetryPolicy
        /// The id of the tenant's footprint the requester holds: the one the answer carried, as its
        /// steps recorded it, or the one an update since brought; `nil` for a request delivered
        /// before steps recorded it, and not updated since.
        let footprintID: String?

        /// The request once an update has brought the requester footprint `id`: later looks compare
        /// with that, so an update is relayed once per version, not at every look.
        func updated(to id: String) -> DeliveredRequest {
            DeliveredRequest(id: self.id, requester: requester, address: address, query: query, updated: updated, retryPolicy: retryPolicy, footprintID: id)
        }

        /// Whether `newest`, the newest active footprint of the request's product, is a later
        /// version than the answer carried: another footprint, stored after the one sent (or the
        /// one sent is gone). A request whose steps do not name what it carried falls back on
        /// times: `newest` stored after the request finished.
        func isOutdated(by newest: StoredFootprint, among footprints: Footprints) -> Bool {
            guard let footprintID else { return newest.stored > updated }
            guard newest.footprint.id != footprintID else { return false }
            guard let sent = footprints.byID[footprintID.lowercased()] else { return true }
            return newest.sequence > sent.sequence
        }

        /// The id of the tenant's footprint a request's recorded steps name as fetched (its last
        /// step into `translating` from the tenant's store).
        static func footprintID(in transitions: [RelayTransitionRecord]) -> String? {
            let parser = JSONParser()
            for transition in transitions.reversed() where transition.to == "translating" {
                guard let detail = try? parser.parse(transition.detail) else { return nil }
                return detail["footprintId"]?.stringValue
            }
            return nil
        }
    }
}
