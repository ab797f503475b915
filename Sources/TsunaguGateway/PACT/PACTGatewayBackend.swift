import Foundation
import Logging
import TsunaguCore
import TsunaguEcosystems
import TsunaguMapping
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
    /// The most footprints one RequestCreated event is answered with.
    let maximumFootprintsPerAnswer: Int
    let logger: Logger

    /// Creates the backend.
    /// - Parameter relay: where RequestCreated events for products held by upstream partners go; `nil` answers every request from the store.
    /// - Parameter maximumFootprintsPerAnswer: a request whose criteria match more footprints is refused with 400.
    public init(
        store: any GatewayStore, tokens: TokenIssuer, gate: any ReleaseGate, audit: AuditTrail, outbox: CallbackOutbox, sourceURL: String,
        relay: PACTRelayIntake? = nil, maximumFootprintsPerAnswer: Int = 1000, logger: Logger
    ) {
        self.relay = relay
        self.maximumFootprintsPerAnswer = maximumFootprintsPerAnswer
        self.store = store
        self.tokens = tokens
        self.gate = gate
        self.audit = audit
        self.outbox = outbox
        self.sourceURL = sourceURL
        self.logger = logger
    }

    public func authenticate(bearerToken: String) async throws(PACTError) -> PACTRequester {
        let (requester, registration, issued) = try tokens.verifiedToken(bearerToken)
        // A token outlives nothing: once its client is removed (a leaked secret), it is refused,
        // also after a client of the same id is added again.
        let client: APIClient?
        do {
            client = try await store.client(id: requester.clientID)
        } catch {
            throw storeFailure(error)
        }
        guard let client, client.tenant == requester.tenant, client.accepts(tokenRegistration: registration, issuedAt: issued) else {
            throw PACTError.badRequest("invalid access token: its client is no longer registered at this gateway (obtain a new token from /auth/token)")
        }
        return requester
    }

    public func footprints(matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> [JSONValue] {
        try await encodedFootprints(matching: query, for: requester, version: version).map(\.value)
    }

    public func encodedFootprints(matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> [EncodedJSON] {
        try await encodedFootprints(matching: query, for: requester, version: version, page: FootprintPage()).documents
    }

    public func encodedFootprints(
        matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion, page: FootprintPage
    ) async throws(PACTError) -> (documents: [EncodedJSON], remaining: Int, lastID: String?) {
        let listed = try await releasedFootprints(matching: query, for: requester, version: version, page: page)
        try await recordReleases(listed.releases)
        return (listed.documents, listed.remaining, listed.lastID)
    }

    /// The page of footprints `query` finds that the policy releases to `requester`, with the
    /// audit entries of the releases that must be recorded before the documents leave (the
    /// caller writes them).
    private func releasedFootprints(
        matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion, page: FootprintPage
    ) async throws(PACTError) -> (documents: [EncodedJSON], remaining: Int, lastID: String?, releases: [AuditEntry], policyFingerprint: String?) {
        let records = try await storedFootprints(of: requester.tenant)
        // A page after a footprint starts after its place in the store's order, whether or not
        // the requester may still have it or it still matches.
        var first = 0
        if let after = page.after {
            let cursor: StoredFootprint?
            do {
                cursor = try await store.footprint(id: after, tenant: requester.tenant)
            } catch {
                throw storeFailure(error)
            }
            guard let cursor else { throw PACTError.unplacedPage(after: after) }
            first = Self.position(after: cursor.sequence, in: records)
        }
        let now = Date()
        // The footprints are looked at in the store's order from the page's start, each decided
        // by policy (a v2 $filter reads the released document), until the page is full and one
        // more shows that a next page exists: a call costs its page, not the tenant's footprints.
        // Only those on the page are released, and only their releases recorded.
        var filling = page.filling
        var found: [(record: StoredFootprint, document: EncodedJSON, release: ReleaseRecord)] = []
        var refusals = ListingRefusals()
        // One set of rules for the whole page, whatever a reload swaps in meanwhile.
        let gate = self.gate.pinned()
        for record in records[first...] where query.matches(record.footprint) {
            if filling.isComplete { break }
            let outcome = decide(record, for: requester, version: version, now: now, gate: gate)
            guard case .permitted(let document, let release) = outcome else {
                refusals.note(outcome, of: record.footprint.id)
                continue
            }
            guard releaseMatches(query, record, document, release, for: requester, version: version, now: now, gate: gate) else { continue }
            if filling.take(document) { found.append((record, document, release)) }
        }
        await recordRefusals(refusals, of: requester, version: version, now: now)
        let onPage = found.prefix(page.limit ?? found.count)
        let releases = onPage.filter(\.release.mustRecord).map { entry(.release, of: $0.record, to: requester, version: version, release: $0.release) }
        return (onPage.map(\.document), found.count, onPage.last?.record.footprint.id, releases, gate.policyFingerprint(ofTenant: requester.tenant))
    }

    /// The position in `records` (in the store's order) of the first footprint stored after the
    /// one with `sequence`.
    static func position(after sequence: Int64, in records: [StoredFootprint]) -> Int {
        var (low, high) = (0, records.count)
        while low < high {
            let middle = (low + high) / 2
            if records[middle].sequence > sequence { high = middle } else { low = middle + 1 }
        }
        return low
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
        switch try await release(record, to: requester, version: version, now: Date()) {
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
        // A request sent again is answered the way it was the first time, by the gateway or by
        // a relay, even when the routing rules changed in between (a restart with new rules).
        if kind == .requestCreated, try await wasAccepted(event, from: requester) {
            await auditIntake(of: event, from: requester, action: "event.redelivered", now: now)
            return
        }
        if kind == .requestCreated, let relay, let relayed = try await relay.relayIfRouted(event, version: version, from: requester, now: now) {
            // The relay request's hops are audited under its own id: named here, so that the
            // requester's event id leads to them.
            let relayID = PACTRelayIntake.requestID(tenant: requester.tenant, clientID: requester.clientID, source: event.source, eventID: event.id)
            await auditIntake(of: event, from: requester, action: relayed ? "event.relayed" : "event.redelivered", now: now, relayRequest: relayID)
            return
        }
        // The releases the answer makes are recorded with the event, in its transaction: an event
        // sent again is not answered again, and records no release that is not made.
        var releases: [AuditEntry] = []
        if kind == .requestCreated {
            let answer = try await answer(event, version: version, from: requester, now: now)
            replies.append(answer.reply)
            releases = answer.releases
        }
        let received = ReceivedEvent(event, tenant: requester.tenant, clientID: requester.clientID, received: now)
        let isNew: Bool
        do {
            isNew = try await store.acceptEvent(received, replies: replies, audit: releases)
        } catch {
            throw storeFailure(error)
        }
        if isNew && !replies.isEmpty { await outbox.wake() }
        await audit.record(AuditEntry(
            time: now, tenant: requester.tenant, actor: requester.clientID, ecosystem: "pact", action: isNew ? "event.received" : "event.redelivered",
            subject: event.id, detail: ["type": .string(event.type), "source": .string(event.source), "replies": .number(JSONNumber(isNew ? replies.count : 0))]
        ))
    }

    /// Whether the RequestCreated `event` was taken before: answered by the gateway, or relayed.
    private func wasAccepted(_ event: CloudEvent, from requester: PACTRequester) async throws(PACTError) -> Bool {
        do {
            if try await store.hasAcceptedEvent(tenant: requester.tenant, clientID: requester.clientID, source: event.source, eventID: event.id) { return true }
            let relayID = PACTRelayIntake.requestID(tenant: requester.tenant, clientID: requester.clientID, source: event.source, eventID: event.id)
            if try await store.relayRequest(id: relayID) != nil { return true }
            // A request relayed before ids included the source counts when it came from this source.
            let sourceless = PACTRelayIntake.sourcelessRequestID(tenant: requester.tenant, clientID: requester.clientID, eventID: event.id)
            guard let earlier = try await store.relayRequest(id: sourceless), let request = try? RelayRequest(stored: earlier) else { return false }
            if case .pactEvents(let source, _) = request.requester.replyAddress { return source == event.source }
            return false
        } catch {
            throw storeFailure(error)
        }
    }

    private func auditIntake(of event: CloudEvent, from requester: PACTRequester, action: String, now: Date, relayRequest: String? = nil) async {
        var detail: JSONObject = ["type": .string(event.type), "source": .string(event.source)]
        if let relayRequest { detail["relayRequest"] = .string(relayRequest) }
        await audit.record(AuditEntry(
            time: now, tenant: requester.tenant, actor: requester.clientID, ecosystem: "pact", action: action, subject: event.id, detail: .object(detail)
        ))
    }

    /// The RequestFulfilled or RequestRejected event that answers a RequestCreated event, with the
    /// audit entries of the releases it makes.
    private func answer(_ event: CloudEvent, version: PACTVersion, from requester: PACTRequester, now: Date) async throws(PACTError) -> (reply: NewOutboxMessage, releases: [AuditEntry]) {
        let query = try FootprintQuery.parse(requestData: event.data)
        let released = try await releasedFootprints(matching: query, for: requester, version: version, page: FootprintPage(limit: maximumFootprintsPerAnswer))
        // PACT: a data owner that can tell at once that it will not handle a request answers 4xx.
        guard released.remaining <= maximumFootprintsPerAnswer else {
            throw PACTError.badRequest(
                "the request's criteria match more than \(maximumFootprintsPerAnswer) footprints this client may have, more than one answer carries: narrow them (a productId names one product)")
        }
        let footprints = released.documents.map(\.value)
        let data: JSONValue
        let kind: PACTEventKind
        if footprints.isEmpty {
            kind = .requestRejected
            // `NotFound` in v2 too: the v2.3 event schema's codes (`NoSuchFootprint` is the REST answer's).
            data = ["requestEventId": .string(event.id), "error": ["code": "NotFound", "message": "no footprint matching the request is available to this client"]]
        } else {
            kind = .requestFulfilled
            data = ["requestEventId": .string(event.id), "pfs": .array(footprints)]
        }
        let reply = CloudEvent(
            type: version.eventType(kind), id: UUID().uuidString.lowercased(), source: PACTEventSource.url(sourceURL, for: version), time: Timestamp.format(now), data: data)
        let message = NewOutboxMessage(
            tenant: requester.tenant, clientID: requester.clientID, kind: CallbackOutbox.kind(for: version), body: reply.json.jsonText, auditSubject: event.id,
            policyFingerprint: footprints.isEmpty ? nil : released.policyFingerprint)
        return (message, released.releases)
    }

    /// Refuses a request from a client without a callback endpoint: its answer could not be delivered.
    private func requireCallback(of requester: PACTRequester) async throws(PACTError) {
        let client: APIClient?
        do {
            client = try await store.client(id: requester.clientID)
        } catch {
            throw storeFailure(error)
        }
        guard let callback = client?.callback else {
            throw PACTError.badRequest("client '\(requester.clientID)' has no callback endpoint registered, so the answer could not be delivered: ask the operator to register one (tsunagu clients add --callback-url)")
        }
        // Accepted, the request would never be answered: the gateway could not log in to the endpoint.
        guard outbox.hasSecret(for: callback) else {
            logger.error("a client's callback secret is not set; its requests are refused", metadata: ["client": "\(requester.clientID)", "variable": "\(callback.secretEnvironmentVariable)"])
            throw PACTError.internalError(
                "the gateway cannot log in to the events endpoint registered for client '\(requester.clientID)' (its operator has not set the callback secret), so the answer could not be delivered: ask the operator")
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
    private func release(_ record: StoredFootprint, to requester: PACTRequester, version: PACTVersion, now: Date) async throws(PACTError) -> EncodedRelease {
        let outcome = decide(record, for: requester, version: version, now: now)
        if case .permitted(_, let release) = outcome {
            if release.mustRecord { try await recordReleases([entry(.release, of: record, to: requester, version: version, release: release)]) }
        } else {
            await recordRefusal(outcome, of: record, to: requester, version: version)
        }
        return outcome
    }

    /// The release gate's decision on `record` for `requester`, rendered in `version`; nothing recorded.
    /// Whether what the policy releases of `record` still meets `query`, which the stored
    /// footprint met: where the obligations changed fields, the criteria are held against the
    /// released document (in PACT v3, the model they are written for), so a field the policy
    /// redacts cannot be probed by asking for its possible values.
    private func releaseMatches(
        _ query: FootprintQuery, _ record: StoredFootprint, _ released: EncodedJSON, _ release: ReleaseRecord,
        for requester: PACTRequester, version: PACTVersion, now: Date, gate: any ReleaseGate
    ) -> Bool {
        guard !query.isEmpty, release.changesFields else { return true }
        var canonical = released.value
        if version.model != MappingCatalog.pivot {
            let who = Requester(ecosystem: .pact, tenant: requester.tenant, clientID: requester.clientID)
            guard case .permitted(let document, _) = gate.release(record, to: who, action: .use, as: MappingCatalog.pivot, now: now) else { return false }
            canonical = document
        }
        // A release that is no longer a whole footprint (its id redacted, say) meets no criteria.
        guard let footprint = try? ProductFootprint(document: canonical) else { return false }
        return query.matches(footprint)
    }

    private func decide(_ record: StoredFootprint, for requester: PACTRequester, version: PACTVersion, now: Date, gate: (any ReleaseGate)? = nil) -> EncodedRelease {
        let who = Requester(ecosystem: .pact, tenant: requester.tenant, clientID: requester.clientID)
        return (gate ?? self.gate).encodedRelease(record, to: who, action: .use, as: version.model, now: now)
    }

    /// What the audit trail records about a release decision.
    private enum AuditedAction: String {
        case release, deny
        case failed = "release.failed"
    }

    private func entry(_ action: AuditedAction, of record: StoredFootprint, to requester: PACTRequester, version: PACTVersion, release: ReleaseRecord) -> AuditEntry {
        AuditEntry(
            time: Date(), tenant: record.tenant, actor: requester.clientID, ecosystem: "pact", action: action.rawValue, subject: record.footprint.id,
            detail: ["decision": release.decision, "mappings": release.mappings, "model": .string(version.model.description)]
        )
    }

    /// Writes the entries of releases whose policy asks them recorded, before the data leaves.
    private func recordReleases(_ entries: [AuditEntry]) async throws(PACTError) {
        guard !entries.isEmpty else { return }
        do {
            try await audit.recordNow(entries)
        } catch {
            throw storeFailure(error)
        }
    }

    /// Records what a listing withheld or could not render (buffered: nothing leaves), one
    /// entry of each kind, and logs the first rendering problem.
    private func recordRefusals(_ refusals: ListingRefusals, of requester: PACTRequester, version: PACTVersion, now: Date) async {
        for entry in refusals.entries(tenant: requester.tenant, actor: requester.clientID, model: version.model, now: now) {
            await audit.record(entry)
        }
        if let problem = refusals.failed.first?.message {
            (RequestLogging.logger ?? logger).error(
                "footprints could not be rendered", metadata: ["count": "\(refusals.failed.count)", "first": "\(refusals.failed.ids.first ?? "")", "model": "\(version.model)", "error": "\(problem)"])
        }
    }

    /// Records a footprint denied or not renderable (buffered: nothing leaves).
    private func recordRefusal(_ outcome: EncodedRelease, of record: StoredFootprint, to requester: PACTRequester, version: PACTVersion) async {
        switch outcome {
        case .permitted:
            return
        case .denied(let release):
            await audit.record(entry(.deny, of: record, to: requester, version: version, release: release))
        case .failed(let message, let release):
            await audit.record(entry(.failed, of: record, to: requester, version: version, release: release))
            (RequestLogging.logger ?? logger).error("footprint could not be rendered", metadata: ["footprint": "\(record.footprint.id)", "model": "\(version.model)", "error": "\(message)"])
        }
    }

    private func storeFailure(_ error: StoreError) -> PACTError {
        (RequestLogging.logger ?? logger).error("store failure", metadata: ["error": "\(error)"])
        return PACTError.internalError("the gateway's store is not available; try again shortly")
    }
}
