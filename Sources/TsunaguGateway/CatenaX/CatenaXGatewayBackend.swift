import Foundation
import Logging
import TsunaguCore
import TsunaguEcosystems
import TsunaguMapping
import TsunaguRelay
import TsunaguStore

/// The gateway behind the Catena-X PCF exchange routes.
///
/// A request (`GET /footprintExchange/{requestId}`) becomes a relay request of the tenant that
/// registered the requester's BPN, stored before the request is acknowledged and answered by a PUT to the
/// requester's endpoint (``CatenaXAnswerChannel``). A partner's PUT answering one of the
/// gateway's own requests (``CatenaXUpstream``) is validated and handed to the waiting relay.
public struct CatenaXGatewayBackend: CatenaXHostBackend {
    let store: any GatewayStore
    let worker: RelayWorker
    let rules: GatewayRules
    let partners: CatenaXPartnerDirectory
    let storeSource: TenantStoreSource
    let audit: AuditTrail
    let deadline: TimeInterval
    let retryPolicy: RetryPolicy
    let logger: Logger

    /// Creates the backend; accepted requests must be answered within `deadline` seconds.
    public init(
        store: any GatewayStore, worker: RelayWorker, rules: GatewayRules, audit: AuditTrail, deadline: TimeInterval,
        retryPolicy: RetryPolicy = RetryPolicy(), logger: Logger
    ) {
        self.store = store
        self.worker = worker
        self.rules = rules
        self.partners = CatenaXPartnerDirectory(store: store)
        self.storeSource = TenantStoreSource(store: store)
        self.audit = audit
        self.deadline = deadline
        self.retryPolicy = retryPolicy
        self.logger = logger
    }

    public func replyAddress(for requester: BusinessPartnerNumber) async throws(CatenaXError) -> String? {
        do {
            return try await partners.partner(bpn: requester.value)?.baseURL.absoluteString
        } catch {
            logger.error("Catena-X requester could not be looked up", metadata: ["bpn": "\(requester)", "error": "\(error)"])
            throw CatenaXError.serviceUnavailable("the gateway's partner registry is not available; send the request again shortly")
        }
    }

    /// Accepts `request` as ``accept(_:)`` does, without recording a refusal.
    func admit(_ request: CatenaXFootprintRequest) async throws(CatenaXError) {
        let partner = try await registeredPartner(request.requester)
        let model = request.dataModelVersion.modelID
        guard Self.canServe(model, rules: rules.snapshot) else {
            throw CatenaXError.unprocessable("data model version \(request.dataModelVersion) cannot be served: this gateway has no schema or mapping for \(model)")
        }
        let query = ProductQuery(productIDs: [request.manufacturerPartID, request.customerPartID].compactMap { $0 }, customerPartID: request.customerPartID)
        let id = Self.relayRequestID(tenant: partner.tenant, bpn: request.requester.value, requestID: request.requestID)
        do {
            try await checkSource(query, tenant: partner.tenant)
        } catch {
            // A repeated request is answered as the first one was, even when its part is no longer available.
            if let earlier = await worker.request(id: id) {
                try Self.repeated(earlier, requestID: request.requestID, asking: query, in: model)
                return
            }
            throw error
        }
        let now = Date()
        let address = CatenaXReplyAddress(endpoint: request.replyAddress, requestID: request.requestID, form: request.form)
        let relay = RelayRequest(
            id: id, tenant: partner.tenant,
            requester: RelayRequester(protocol: .catenaX, identity: request.requester.value, model: model, replyAddress: address.replyAddress),
            query: query, received: now, deadline: now.addingTimeInterval(deadline), retryPolicy: retryPolicy
        )
        do {
            try await worker.submit(relay)
        } catch where error.isConflict {
            if let earlier = await worker.request(id: id) { try Self.repeated(earlier, requestID: request.requestID, asking: query, in: model) }
        } catch where error.isAtCapacity {
            throw CatenaXError.serviceUnavailable(error.message)
        } catch {
            logger.error("Catena-X request could not be recorded", metadata: ["request": "\(request.requestID)", "error": "\(error)"])
            throw CatenaXError.serviceUnavailable("the request could not be recorded; send it again shortly")
        }
    }

    /// Takes `delivery` as ``receive(_:)`` does, without recording a refusal.
    func take(_ delivery: CatenaXFootprintDelivery) async throws(CatenaXError) {
        if delivery.isUpdate {
            try await receiveUpdate(delivery)
            return
        }
        guard let requestID = delivery.requestID else {
            throw CatenaXError.badRequest("a PUT answering a request needs its requestId")
        }
        guard let relay = await worker.request(id: requestID), let partner = try await catenaXPartner(delivery.sender, tenant: relay.tenant) else {
            throw CatenaXError.notFound("no open request '\(requestID)' of this gateway waits for a footprint from \(delivery.sender)")
        }
        guard relay.state.awaitedSource == .partner(partner.name) else {
            if await hasTaken(delivery.document, from: partner, relayRequestID: requestID) { return }
            throw CatenaXError.notFound("no open request '\(requestID)' of this gateway waits for a footprint from \(delivery.sender)")
        }
        try validate(delivery.document, model: partner.model)
        switch await worker.upstreamDelivered(relayRequestID: requestID, partner: partner.name, document: RelayDocument(json: delivery.document, model: partner.model)) {
        case .applied:
            return
        case .notApplicable:
            if await hasTaken(delivery.document, from: partner, relayRequestID: requestID) { return }
            throw CatenaXError.notFound("request '\(requestID)' no longer waits for a footprint from \(delivery.sender) (answered, expired or retried)")
        case .notRecorded:
            throw CatenaXError.serviceUnavailable("the footprint for request '\(requestID)' could not be recorded; send it again shortly")
        }
    }

    // MARK: Updates

    /// An update (`update=true`) of a footprint a partner sent before: validated and recorded in
    /// the audit trail of every tenant that registered the sender. It is not stored as a
    /// footprint: the tenant's store holds the tenant's own footprints, and a relayed footprint is
    /// fetched from its owner afresh for every request, so the next request gets the update.
    /// When it updates the answer to a request the gateway made for a Catena-X requester, it is
    /// relayed on to that requester as an update (``forwardUpdate(_:from:documentSHA256:)``).
    private func receiveUpdate(_ delivery: CatenaXFootprintDelivery) async throws(CatenaXError) {
        let senders: [Partner]
        do {
            senders = try await partners.partners(bpn: delivery.sender.value)
        } catch {
            throw CatenaXError.serviceUnavailable("the partner registry is not available now; send the update again shortly")
        }
        guard !senders.isEmpty else {
            throw CatenaXError.forbidden("\(delivery.sender) is not a registered partner of this gateway")
        }
        // Tenants may have registered the sender with different data model versions: the update
        // goes on under each tenant whose version it is valid in, and is refused when none.
        var accepted: [Partner] = []
        var refusal: CatenaXError?
        var checked: [ModelID: CatenaXError?] = [:]
        for partner in senders {
            // Each version is checked once, however many tenants registered the sender with it.
            if checked[partner.model] == nil {
                do {
                    try validate(delivery.document, model: partner.model)
                    checked[partner.model] = .some(nil)
                } catch {
                    checked[partner.model] = .some(error)
                }
            }
            if let problem = checked[partner.model] ?? nil {
                refusal = refusal ?? problem
                logger.warning("Catena-X update is not valid in a tenant's registered version", metadata: ["partner": "\(partner.name)", "tenant": "\(partner.tenant)", "model": "\(partner.model)"])
            } else {
                accepted.append(partner)
            }
        }
        if accepted.isEmpty, let refusal { throw refusal }
        let received = RelayWorker.sha256(delivery.document)
        let entries = accepted.map { partner in
            var detail: JSONObject = [
                "partner": .string(partner.name), "model": .string(partner.model.description), "receivedSHA256": .string(received),
            ]
            if let requestID = delivery.requestID { detail["requestId"] = .string(requestID) }
            if let id = delivery.document["id"]?.stringValue { detail["footprintId"] = .string(id) }
            if let message = delivery.message { detail["message"] = .string(message) }
            return AuditEntry(
                time: Date(), tenant: partner.tenant, actor: delivery.sender.value, ecosystem: DataEcosystem.catenax.rawValue,
                action: "catenax.update.received", subject: delivery.requestID ?? (delivery.document["id"]?.stringValue ?? "-"), detail: .object(detail)
            )
        }
        // The audit entry may be the update's only trace: it is written before the partner hears
        // 200, and every tenant has it before any relay of the update can fail.
        do {
            try await audit.recordNow(entries)
        } catch {
            logger.error("Catena-X update could not be recorded", metadata: ["sender": "\(delivery.sender)", "error": "\(error)"])
            throw CatenaXError.serviceUnavailable("the update could not be recorded; send it again shortly")
        }
        for partner in accepted {
            try await forwardUpdate(delivery, from: partner, documentSHA256: received)
        }
    }

    /// Relays `delivery` to the Catena-X requester of the request it updates: the delivered relay
    /// request whose fetch the partner answered (its id is the request id the gateway sent),
    /// when the routing rules still take that part from this partner. The update relay is
    /// policy-checked and rendered like the first answer and PUT with `update=true`, without
    /// asking the partner again. Its id is derived from the delivered request and the document's
    /// hash, so a repeated PUT of the same update is relayed once.
    private func forwardUpdate(_ delivery: CatenaXFootprintDelivery, from partner: Partner, documentSHA256: String) async throws(CatenaXError) {
        guard let requestID = delivery.requestID, let delivered = await worker.request(id: requestID), delivered.tenant == partner.tenant,
            case .delivered = delivered.state, delivered.requester.protocol == .catenaX,
            let address = CatenaXReplyAddress(delivered.requester.replyAddress),
            worker.source(for: delivered.query, tenant: delivered.tenant) == .partner(partner.name)
        else { return }
        let now = Date()
        let update = RelayRequest(
            id: DerivedUUID.make("catenax-upstream-update", delivered.id, documentSHA256), tenant: delivered.tenant,
            requester: RelayRequester(protocol: .catenaX, identity: delivered.requester.identity, model: delivered.requester.model, replyAddress: address.forUpdate.replyAddress),
            query: delivered.query, received: now, deadline: now.addingTimeInterval(deadline), retryPolicy: retryPolicy
        )
        do {
            try await worker.submit(update, answeredBy: RelayDocument(json: delivery.document, model: partner.model))
            logger.info("Catena-X update relayed on", metadata: ["request": "\(delivered.id)", "update": "\(update.id)", "partner": "\(partner.name)"])
        } catch where error.isConflict {
            return
        } catch where error.isAtCapacity {
            throw CatenaXError.serviceUnavailable(error.message)
        } catch {
            logger.error("Catena-X update could not be recorded", metadata: ["request": "\(delivered.id)", "error": "\(error)"])
            throw CatenaXError.serviceUnavailable("the update could not be recorded; send it again shortly")
        }
    }

    // MARK: Checks

    private func registeredPartner(_ bpn: BusinessPartnerNumber) async throws(CatenaXError) -> Partner {
        let found: Partner?
        do {
            found = try await partners.partner(bpn: bpn.value)
        } catch {
            throw CatenaXError.serviceUnavailable("the partner registry is not available now; send the request again shortly")
        }
        guard let found else { throw CatenaXError.forbidden("\(bpn) is not a registered partner of this gateway") }
        return found
    }

    private func catenaXPartner(_ bpn: BusinessPartnerNumber, tenant: String) async throws(CatenaXError) -> Partner? {
        do {
            return try await partners.partner(bpn: bpn.value, tenant: tenant)
        } catch {
            throw CatenaXError.serviceUnavailable("the partner registry is not available now; send the footprint again shortly")
        }
    }

    /// Refuses at once what the relay would only refuse after the acknowledgement: a part no routing rule
    /// covers, or one the tenant's own store does not hold.
    private func checkSource(_ query: ProductQuery, tenant: String) async throws(CatenaXError) {
        let parts = query.productIDs.joined(separator: ", ")
        switch worker.source(for: query, tenant: tenant) {
        case nil:
            throw CatenaXError.notFound("no footprint is available for part \(parts)")
        case .tenantStore?:
            if case .failure(let failure) = await storeSource.fetch(query, tenant: tenant) {
                throw failure.kind == .notFound
                    ? CatenaXError.notFound("no footprint is available for part \(parts)")
                    : CatenaXError.serviceUnavailable("the footprint store is not available now; send the request again shortly")
            }
        case .partner?:
            return
        }
    }

    private func validate(_ document: JSONValue, model: ModelID) throws(CatenaXError) {
        guard let problems = rules.snapshot.schemas.validate(document, model: model) else {
            throw CatenaXError.unprocessable("this gateway has no schema for \(model), the version registered for the sender, so the document cannot be checked")
        }
        let errors = problems.filter { $0.severity == .error }
        guard errors.isEmpty else {
            let listed = errors.prefix(10).map(\.description).joined(separator: "; ")
            throw CatenaXError.unprocessable("the document is not a valid \(model) PCF aspect: \(listed)\(errors.count > 10 ? " (and \(errors.count - 10) more)" : "")")
        }
    }

    /// A repeated request (same requester, same request id): accepted again without a second
    /// relay while under way or delivered; a rejected one is answered with its status now, which
    /// is how a Catena-X requester learns why no PUT came. Another part or aspect version under a
    /// used id is refused: its answer would come under the id of the first, in the first's version.
    private static func repeated(_ earlier: RelayRequest, requestID: String, asking query: ProductQuery, in model: ModelID) throws(CatenaXError) {
        guard earlier.query.productIDs == query.productIDs else {
            throw CatenaXError.badRequest(
                "requestId '\(requestID)' was already used for part \(earlier.query.productIDs.joined(separator: " / ")): send a new requestId for a new request")
        }
        guard earlier.requester.model == model else {
            throw CatenaXError.badRequest(
                "requestId '\(requestID)' was already used for data model version \(earlier.requester.model.version): send a new requestId to ask in \(model.version)")
        }
        guard let answer = earlier.answer, case .rejection(let rejection) = answer.content else { return }
        switch rejection {
        case .catenaX(let status, let message):
            // A request id names one request: repeating it gives that request's outcome, which for a
            // passing trouble would otherwise read as "try again" for ever.
            let passing = [408, 429, 502, 503, 504].contains(status)
            throw CatenaXError(status: status, message: passing ? message + " (this was the outcome of requestId '\(requestID)': to ask again, send a new requestId)" : message)
        case .pact(_, let message), .ouranos(_, let message): throw CatenaXError.internalError(message)
        }
    }

    // MARK: Versions and ids

    /// Whether answers can be given in `model`: it has a schema, and a mapping chain from the pivot.
    static func canServe(_ model: ModelID, rules: GatewayRules.Snapshot) -> Bool {
        guard rules.schemas.schema(for: model) != nil else { return false }
        return model == MappingCatalog.pivot || rules.catalog.route(from: MappingCatalog.pivot, to: model) != nil
    }

    /// Every Catena-X aspect version answers can be given in under `rules`.
    static func servableVersions(rules: GatewayRules.Snapshot) -> Set<CatenaXDataModelVersion> {
        let models = Set(rules.schemas.models).filter { $0.model == ModelID.catenaX9.model && canServe($0, rules: rules) }
        return Set(models.compactMap { CatenaXDataModelVersion($0.version) })
    }

    /// The relay request id of a Catena-X request: the same for a repeated request id of one
    /// requester, so it is relayed once.
    static func relayRequestID(tenant: String, bpn: String, requestID: String) -> String {
        DerivedUUID.make("catenax", tenant, bpn, requestID)
    }
}
