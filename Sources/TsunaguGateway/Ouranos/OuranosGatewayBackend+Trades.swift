import Foundation
import TsunaguCore
import TsunaguEcosystems
import TsunaguMapping
import TsunaguRelay
import TsunaguStore

/// The buyer's parts and trade requests: a trade request is stored as a relay request before it is
/// acknowledged, and read back through the relay request's state.
extension OuranosGatewayBackend {
    // MARK: Parts

    public func registerParts(_ structure: OuranosPartsStructure, replacingChildren: Bool, for caller: OuranosOperator) async throws(OuranosError) -> OuranosPartsStructure {
        let tenant = try context(of: caller).tenant
        // The routes refuse such a structure already; stored by trace id, one part would overwrite another.
        if let repetition = structure.repetition { throw OuranosError.badRequest(repetition.description) }
        let now = Date()
        let parent = try await assigned(structure.parent, tenant: tenant, caller: caller)
        var children: [OuranosPart] = []
        for child in structure.children { children.append(try await assigned(child, tenant: tenant, caller: caller)) }
        let parentTrace = parent.traceID ?? ""
        func record(_ part: OuranosPart, parent: String?) -> StoredOuranosPart {
            StoredOuranosPart(tenant: tenant, traceID: part.traceID ?? "", operatorID: caller.operatorID, parentTraceID: parent, document: part.json.jsonText, created: now)
        }
        do {
            try await parts.registerOuranosParts(
                parent: record(parent, parent: nil), children: replacingChildren ? children.map { record($0, parent: parentTrace) } : nil
            )
        } catch where error.isConflict || error.isNotFound {
            throw OuranosError.notFound("Validation failed, traceId: \(error.message)")
        } catch {
            throw OuranosError.serviceUnavailable("the parts could not be recorded; send them again shortly")
        }
        return OuranosPartsStructure(parent: parent, children: children)
    }

    /// The part with a new trace id when it has none; an existing trace id must be one of the caller's parts.
    private func assigned(_ part: OuranosPart, tenant: String, caller: OuranosOperator) async throws(OuranosError) -> OuranosPart {
        guard let traceID = part.traceID else { return part.assigning(traceID: UUID().uuidString.lowercased()) }
        _ = try await ownPart(traceID: traceID, field: "traceId", tenant: tenant, caller: caller)
        return part
    }

    /// The caller's part with `traceID`. - Throws: `notFound` when there is none.
    private func ownPart(traceID: String, field: String, tenant: String, caller: OuranosOperator) async throws(OuranosError) -> OuranosPart {
        let stored: StoredOuranosPart?
        do {
            stored = try await parts.ouranosPart(traceID: traceID.lowercased(), tenant: tenant)
        } catch {
            throw OuranosError.serviceUnavailable("the gateway's store is not available; try again")
        }
        guard let stored, stored.operatorID == caller.operatorID, let json = try? JSONParser().parse(stored.document), let part = try? OuranosPart(json: json) else {
            throw OuranosError.notFound("\(field) \(traceID) is not a part registered by \(caller.name)")
        }
        return part
    }

    // MARK: Trade requests

    public func createTradeRequest(_ request: OuranosTradeRequest, for caller: OuranosOperator) async throws(OuranosError) -> OuranosTradeRequestReceipt {
        let tenant = try context(of: caller).tenant
        guard let upstream = try await directory.all(tenant: tenant).first(where: { $0.operatorID == request.upstreamOperatorID }) else {
            throw OuranosError.notFound("upstreamOperatorId \(request.upstreamOperatorID) is not an operator known to this gateway")
        }
        let part = try await ownPart(traceID: request.downstreamTraceID, field: "downstreamTraceId", tenant: tenant, caller: caller)
        let now = Date()
        let tradeID = UUID().uuidString.lowercased()
        let statusID = UUID().uuidString.lowercased()
        let relay = RelayRequest(
            id: tradeID, tenant: tenant,
            requester: RelayRequester(
                protocol: .ouranos, identity: caller.corporateNumber.digits, model: .ouranos3, replyAddress: .ouranosTrade(tradeID: tradeID)
            ),
            query: ProductQuery(productIDs: [part.partsName], companyID: upstream.corporateNumber.digits),
            received: now, deadline: now.addingTimeInterval(deadline), retryPolicy: retryPolicy
        )
        // The trade is written before its relay request: a crash between the two leaves a trade
        // the buyer reads as rejected ("no longer known"), not a relay request that asks the
        // supplier and releases a footprint no trade will ever show.
        do {
            try await parts.addOuranosTrade(
                StoredOuranosTrade(
                    tenant: tenant, tradeID: tradeID, statusID: statusID, relayRequestID: relay.id, downstreamOperatorID: caller.operatorID,
                    upstreamOperatorID: upstream.operatorID, downstreamTraceID: request.downstreamTraceID, message: request.message,
                    responseDueDate: request.responseDueDate, created: now
                )
            )
        } catch {
            logger.error("an Ouranos trade request could not be recorded", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            throw OuranosError.serviceUnavailable("the trade request could not be recorded; send it again shortly")
        }
        do {
            try await worker.submit(relay)
        } catch {
            // Refused (the relay is at capacity) or not recorded: nothing was accepted. The trade
            // goes too, or the buyer would list a trade reading REJECT that pruning, which follows
            // finished relay requests, never removes.
            logger.warning("an Ouranos trade request was not taken by the relay", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            let why = error.isAtCapacity ? error.message : "the trade request could not be started; send it again shortly"
            throw OuranosError.serviceUnavailable(await forgotten(tradeID: tradeID, tenant: tenant)
                ? why
                : why + " (the trade is listed, and reads REJECT within a minute)")
        }
        let trade = OuranosTrade(
            tradeID: tradeID, downstreamOperatorID: caller.operatorID, upstreamOperatorID: upstream.operatorID,
            downstreamTraceID: request.downstreamTraceID, upstreamTraceID: nil
        )
        let status = OuranosStatus(
            statusID: statusID, tradeID: tradeID, responseStatus: .notCompleted, treeStatus: .unterminated, message: request.message,
            responseDueDate: request.responseDueDate
        )
        return OuranosTradeRequestReceipt(trade: trade, status: status)
    }

    /// Removes a trade whose relay request was not accepted; `false` when the store could not.
    private func forgotten(tradeID: String, tenant: String) async -> Bool {
        do {
            try await parts.removeOuranosTrade(tradeID: tradeID, tenant: tenant)
            return true
        } catch {
            logger.error("an Ouranos trade without a relay request could not be removed", metadata: ["trade": "\(tradeID)", "error": "\(error)"])
            return false
        }
    }

    public func tradeRequests(traceIDs: [String]?, for caller: OuranosOperator) async throws(OuranosError) -> [OuranosTrade] {
        let wanted = traceIDs.map { Set($0.map { $0.lowercased() }) }
        return try await trades(of: caller).filter { wanted?.contains($0.downstreamTraceID) ?? true }.map { trade in
            OuranosTrade(
                tradeID: trade.tradeID, downstreamOperatorID: trade.downstreamOperatorID, upstreamOperatorID: trade.upstreamOperatorID,
                downstreamTraceID: trade.downstreamTraceID, upstreamTraceID: nil
            )
        }
    }

    public func statuses(_ query: OuranosStatusQuery, page: OuranosPageRequest, for caller: OuranosOperator) async throws(OuranosError) -> OuranosPage<OuranosStatus> {
        // Nobody asks an Ouranos-side buyer through the gateway: it has no RESPONSE statuses.
        let matching = query.target == .response ? [] : try await trades(of: caller).filter { trade in
            (query.statusID.map { $0.lowercased() == trade.statusID } ?? true) && (query.traceID.map { $0.lowercased() == trade.downstreamTraceID } ?? true)
        }
        // The page is cut from the trades, in the order of the whole list, before any relay
        // request is read: a status costs a read of its relay request, and a delivered one the
        // check of its values.
        let trades = try OuranosPage(of: matching, id: \.statusID, request: page)
        var statuses: [OuranosStatus] = []
        for trade in trades.items { statuses.append(try await status(of: trade)) }
        return OuranosPage(items: statuses, hasMore: trades.hasMore)
    }

    public func cfps(traceIDs: [String], for caller: OuranosOperator) async throws(OuranosError) -> [OuranosCFP] {
        let trades = try await trades(of: caller)
        var values: [OuranosCFP] = []
        for traceID in traceIDs.map({ $0.lowercased() }) {
            for trade in trades where trade.downstreamTraceID == traceID {
                guard let request = try await relayRequest(of: trade), case .delivered(let document, _, let footprint) = request.state,
                    releasedUnderPoliciesInForce(footprint, tenant: trade.tenant, decided: request.updated)
                else { continue }
                // A footprint that cannot be given as Ouranos values shows as a rejected trade (see
                // `status(of:)`) and has no values; the other trace ids are answered.
                if let answered = try? answer.values(of: document, traceID: traceID) { values += answered }
                break
            }
        }
        return values
    }

    private func trades(of caller: OuranosOperator) async throws(OuranosError) -> [StoredOuranosTrade] {
        let tenant = try context(of: caller).tenant
        do {
            return try await parts.ouranosTrades(tenant: tenant, downstreamOperatorID: caller.operatorID)
        } catch {
            throw OuranosError.serviceUnavailable("the gateway's store is not available; try again")
        }
    }

    /// How long a trade whose relay request is not (yet) recorded reads as under way: the request
    /// is written right after the trade; after this, one that is missing was never made.
    static let relayRecordingGrace: TimeInterval = 30

    /// The Ouranos status of a trade: its relay request under way (`NOT_COMPLETED`), delivered
    /// (`COMPLETED`) or ended without a footprint (`REJECT`, the reason as `replyMessage`).
    private func status(of trade: StoredOuranosTrade) async throws(OuranosError) -> OuranosStatus {
        let request = try await relayRequest(of: trade)
        let state = request?.state
        let response: OuranosStatus.ResponseStatus
        var reply: String?
        switch state {
        case .delivered(_, _, let footprint) where !releasedUnderPoliciesInForce(footprint, tenant: trade.tenant, decided: request?.updated ?? .distantPast):
            response = .reject
            reply = Self.policiesChanged
        case .delivered(let document, _, _):
            // Delivered is complete only when the footprint can be given as Ouranos values (within
            // their bounds, in a unit Ouranos has): otherwise the buyer reads a rejection and why.
            do {
                _ = try answer.values(of: document, traceID: trade.downstreamTraceID)
                response = .completed
            } catch {
                response = .reject
                reply = String(error.message.prefix(1000))
            }
        case .some(let state) where state.isTerminal:
            response = .reject
            if case .ouranos(_, let message) = state.rejection?.answer(in: .ouranos) { reply = String(message.prefix(1000)) }
        case .none where Date().timeIntervalSince(trade.created) < Self.relayRecordingGrace:
            // Written just before its relay request (see `createTradeRequest`): still being made.
            response = .notCompleted
        case .none:
            response = .reject
            reply = "the relay request of this trade is no longer known to the gateway; send the trade request again"
        default:
            response = .notCompleted
        }
        return OuranosStatus(
            statusID: trade.statusID, tradeID: trade.tradeID, responseStatus: response, treeStatus: response == .notCompleted ? .unterminated : .terminated,
            message: trade.message, replyMessage: reply, responseDueDate: trade.responseDueDate
        )
    }

    /// Why a delivered trade reads REJECT once the owner's policies changed.
    static let policiesChanged =
        "the data owner's usage policies changed, or a time limit of theirs passed, after this footprint was released; send the trade request again to have it decided under the policies in force"

    /// Whether a footprint delivered for a trade at `decided` may still be handed out: it was
    /// released under the tenant's usage policies in force, and none of their time limits passed
    /// since. The buyer reads its values whenever it likes, long after the relay decided; once a
    /// permission is withdrawn or runs out (or an obligation is added), the earlier decision no
    /// longer covers them. A delivery that did not record its policies cannot show that it does.
    func releasedUnderPoliciesInForce(_ footprint: DeliveredFootprint?, tenant: String, decided: Date) -> Bool {
        guard let fingerprint = footprint?.policyFingerprint else { return false }
        return rules.releaseStillHolds(ofTenant: tenant, fingerprint: fingerprint, decided: decided)
    }

    /// A trade's relay request; `nil` when there is none. A store that cannot be read is a 503,
    /// not a trade that is no longer known: a buyer takes REJECT as final.
    private func relayRequest(of trade: StoredOuranosTrade) async throws(OuranosError) -> RelayRequest? {
        do {
            return try await worker.readRequest(id: trade.relayRequestID)
        } catch {
            logger.error("a trade's relay request could not be read", metadata: ["trade": "\(trade.tradeID)", "error": "\(error)"])
            throw OuranosError.serviceUnavailable("the gateway's store is not available; try again")
        }
    }
}
