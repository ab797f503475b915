import Foundation
import TsunaguCore
import TsunaguEcosystems
import TsunaguMapping
import TsunaguRelay
import TsunaguStore

/// Hands a PACT RequestCreated event to the relay when the tenant's routing rules send its
/// product to an upstream partner; requests for the tenant's own footprints stay with the
/// PACT backend, which answers them from the store.
public struct PACTRelayIntake: Sendable {
    let worker: RelayWorker
    let deadline: TimeInterval
    let retryPolicy: RetryPolicy

    /// Creates the intake; relayed requests must be answered within `deadline` seconds.
    public init(worker: RelayWorker, deadline: TimeInterval, retryPolicy: RetryPolicy = RetryPolicy()) {
        self.worker = worker
        self.deadline = deadline
        self.retryPolicy = retryPolicy
    }

    /// Relays `event` when its product is routed to a partner.
    /// - Returns: `nil` when the store answers it; `true` when the relay request was stored
    ///   (answered later by the relay), `false` when this event had been relayed before.
    func relayIfRouted(_ event: CloudEvent, version: PACTVersion, from requester: PACTRequester, now: Date) async throws(PACTError) -> Bool? {
        let criteria = try FootprintQuery.parse(requestData: event.data)
        // The partner is asked by product; the request's other criteria (geography, validity,
        // status) go with the relay request, and the footprint found must meet them too.
        let query = ProductQuery(
            productIDs: criteria.productIDs, companyID: criteria.companyIDs.first, classifications: criteria.classifications, conditions: event.data)
        guard !query.productIDs.isEmpty, case .partner = worker.source(for: query, tenant: requester.tenant) else { return nil }
        let request = RelayRequest(
            id: Self.requestID(tenant: requester.tenant, clientID: requester.clientID, source: event.source, eventID: event.id), tenant: requester.tenant,
            requester: RelayRequester(
                protocol: version == .v2 ? .pactV2 : .pactV3, identity: requester.clientID, model: version.model,
                replyAddress: .pactEvents(baseURL: event.source, requestEventID: event.id)
            ),
            query: query, received: now, deadline: now.addingTimeInterval(deadline), retryPolicy: retryPolicy
        )
        do {
            try await worker.submit(request)
            return true
        } catch where error.isConflict {
            return false
        } catch where error.isAtCapacity {
            // PACT has no code for "too busy": the message says to send it again later.
            throw PACTError.internalError(error.message)
        } catch {
            throw PACTError.internalError("the request could not be recorded; send it again shortly")
        }
    }

    /// The relay request id of an event: the same for a redelivered event, so it is relayed once.
    /// A CloudEvent is identified by its source and id together: another source's event with the
    /// same id is another request.
    public static func requestID(tenant: String, clientID: String, source: String, eventID: String) -> String {
        DerivedUUID.make(tenant, clientID, source, eventID)
    }

    /// The id a relay request of `eventID` had before ids included the event's source (until
    /// 2026-12): a request relayed then is still found when its event is sent again.
    public static func sourcelessRequestID(tenant: String, clientID: String, eventID: String) -> String {
        DerivedUUID.make(tenant, clientID, eventID)
    }
}
