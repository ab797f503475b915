import Foundation
import Logging
import TsunaguCore
import TsunaguEcosystems
import TsunaguPolicy
import TsunaguRelay
import TsunaguStore

/// The gateway side of the PACT host API: tenants' footprints from the store, released through
/// the ``ReleaseGate``, and events recorded with their callbacks queued durably before the
/// request is acknowledged.
public struct PACTGatewayBackend: PACTHostBackend {
    let store: any GatewayStore
    let tokens: TokenIssuer
    let gate: any ReleaseGate
    let audit: AuditTrail
    let outbox: CallbackOutbox
    let sourceURL: String
    let relay: PACTRelayIntake?
    let logger: Logger

    /// Creates the backend.
    /// - Parameter relay: where RequestCreated events for products held by upstream partners go; `nil` answers every request from the store.
    public init(
        store: any GatewayStore, tokens: TokenIssuer, gate: any ReleaseGate, audit: AuditTrail, outbox: CallbackOutbox, sourceURL: String,
        relay: PACTRelayIntake? = nil, logger: Logger
    ) {
        self.relay = relay
        self.store = store
        self.tokens = tokens
        self.gate = gate
        self.audit = audit
        self.outbox = outbox
        self.sourceURL = sourceURL
        self.logger = logger
    }

    public func authenticate(bearerToken: String) async throws(PACTError) -> PACTRequester {
        try tokens.verify(bearerToken)
    }

    public func footprints(matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> [JSONValue] {
        try await encodedFootprints(matching: query, for: requester, version: version).map(\.value)
    }

    public func encodedFootprints(matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> [EncodedJSON] {
        let records = try await storedFootprints(of: requester.tenant)
        let now = Date()
        var released: [EncodedJSON] = []
        for record in records where query.matches(record.footprint) {
            if case .permitted(let document, _) = try await release(record, to: requester, version: version, listing: true, now: now) {
                released.append(document)
            }
        }
        return released
    }

    public func footprint(id: String, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> JSONValue {
        try await encodedFootprint(id: id, for: requester, version: version).value
    }

    public func encodedFootprint(id: String, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> EncodedJSON {
        let record: StoredFootprint?
        do {
            record = try await store.footprint(id: id, tenant: requester.tenant)
        } catch {
            throw storeFailure(error)
        }
        guard let record else {
            throw PACTError.notFound("no footprint with id '\(id)' is available to client '\(requester.clientID)'", version: version)
        }
        switch try await release(record, to: requester, version: version, listing: false, now: Date()) {
        case .permitted(let document, _):
            return document
        case .denied:
            throw PACTError.accessDenied("the data owner's usage policy does not allow client '\(requester.clientID)' to use footprint '\(id)'")
        case .failed(let message, _):
            throw PACTError.notImplemented("footprint '\(id)' is not served as PACT v\(version.rawValue) because \(message); request it over /3/footprints/\(id)")
        }
    }

    public func accept(_ event: CloudEvent, kind: PACTEventKind, version: PACTVersion, from requester: PACTRequester) async throws(PACTError) {
        let now = Date()
        var replies: [NewOutboxMessage] = []
        // Answered or relayed, a request is answered through the client's callback: one that has
        // none is refused before anything is accepted, rather than acknowledged and never answered.
        if kind == .requestCreated { try await requireCallback(of: requester) }
        if kind == .requestCreated, let relay, let relayed = try await relay.relayIfRouted(event, version: version, from: requester, now: now) {
            await audit.record(AuditEntry(
                time: now, tenant: requester.tenant, actor: requester.clientID, ecosystem: "pact", action: relayed ? "event.relayed" : "event.redelivered",
                subject: event.id, detail: ["type": .string(event.type), "source": .string(event.source)]
            ))
            return
        }
        if kind == .requestCreated {
            replies.append(try await answer(event, version: version, from: requester, now: now))
        }
        let received = ReceivedEvent(tenant: requester.tenant, clientID: requester.clientID, type: event.type, source: event.source, eventID: event.id, body: event.json.jsonText, received: now)
        let isNew: Bool
        do {
            isNew = try await store.acceptEvent(received, replies: replies)
        } catch {
            throw storeFailure(error)
        }
        if isNew && !replies.isEmpty { await outbox.wake() }
        await audit.record(AuditEntry(
            time: now, tenant: requester.tenant, actor: requester.clientID, ecosystem: "pact", action: isNew ? "event.received" : "event.redelivered",
            subject: event.id, detail: ["type": .string(event.type), "source": .string(event.source), "replies": .number(JSONNumber(isNew ? replies.count : 0))]
        ))
    }

    /// The RequestFulfilled or RequestRejected event that answers a RequestCreated event.
    private func answer(_ event: CloudEvent, version: PACTVersion, from requester: PACTRequester, now: Date) async throws(PACTError) -> NewOutboxMessage {
        let query = try FootprintQuery.parse(requestData: event.data)
        let footprints = try await self.footprints(matching: query, for: requester, version: version)
        let data: JSONValue
        let kind: PACTEventKind
        if footprints.isEmpty {
            kind = .requestRejected
            data = ["requestEventId": .string(event.id), "error": ["code": .string(version.notFoundCode), "message": "no footprint matching the request is available to this client"]]
        } else {
            kind = .requestFulfilled
            data = ["requestEventId": .string(event.id), "pfs": .array(footprints)]
        }
        let reply = CloudEvent(type: version.eventType(kind), id: UUID().uuidString.lowercased(), source: sourceURL, time: Timestamp.format(now), data: data)
        return NewOutboxMessage(tenant: requester.tenant, clientID: requester.clientID, kind: CallbackOutbox.kind(for: version), body: reply.json.jsonText)
    }

    /// Refuses a request from a client without a callback endpoint: its answer could not be delivered.
    private func requireCallback(of requester: PACTRequester) async throws(PACTError) {
        let client: APIClient?
        do {
            client = try await store.client(id: requester.clientID)
        } catch {
            throw storeFailure(error)
        }
        guard client?.callback != nil else {
            throw PACTError.badRequest("client '\(requester.clientID)' has no callback endpoint registered, so the answer could not be delivered: ask the operator to register one (tsunagu clients add --callback-url)")
        }
    }

    private func storedFootprints(of tenant: String) async throws(PACTError) -> [StoredFootprint] {
        do {
            return try await store.footprints(ofTenant: tenant)
        } catch {
            throw storeFailure(error)
        }
    }

    /// The footprint as `requester` may have it, with the audit entry the decision calls for.
    /// - Throws: a store failure when the policy asks to record the release (`recordRelease`) and
    ///   the record cannot be written: the footprint is then not released.
    private func release(_ record: StoredFootprint, to requester: PACTRequester, version: PACTVersion, listing: Bool, now: Date) async throws(PACTError) -> EncodedRelease {
        let who = Requester(ecosystem: .pact, tenant: requester.tenant, clientID: requester.clientID)
        let outcome = gate.encodedRelease(record, to: who, action: .use, as: version.model, now: now)
        switch outcome {
        case .permitted(_, let record) where !record.mustRecord:
            break
        case .permitted(_, let releaseRecord), .denied(let releaseRecord), .failed(_, let releaseRecord):
            let action: String
            switch outcome {
            case .permitted: action = "release"
            case .denied: action = listing ? "withhold" : "deny"
            case .failed: action = "release.failed"
            }
            let entry = AuditEntry(
                time: Date(), tenant: record.tenant, actor: requester.clientID, ecosystem: "pact", action: action, subject: record.footprint.id,
                detail: ["decision": releaseRecord.decision, "mappings": releaseRecord.mappings, "model": .string(version.model.description)]
            )
            if case .permitted = outcome {
                // The owner asked for the release to be recorded: it is written before the data leaves.
                do {
                    try await audit.recordNow([entry])
                } catch {
                    throw storeFailure(error)
                }
            } else {
                await audit.record(entry)
            }
        }
        if case .failed(let message, _) = outcome {
            (RequestLogging.logger ?? logger).error("footprint could not be rendered", metadata: ["footprint": "\(record.footprint.id)", "model": "\(version.model)", "error": "\(message)"])
        }
        return outcome
    }

    private func storeFailure(_ error: StoreError) -> PACTError {
        (RequestLogging.logger ?? logger).error("store failure", metadata: ["error": "\(error)"])
        return PACTError.internalError("the gateway's store is not available; try again shortly")
    }
}
