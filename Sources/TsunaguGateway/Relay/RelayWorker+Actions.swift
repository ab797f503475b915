import Foundation
import Logging
import TsunaguCore
import TsunaguRelay
import TsunaguStore

/// Performing actions: authorising, routing, fetching upstream within the deadline, timers.
extension RelayWorker {
    func perform(_ action: RelayAction, for request: RelayRequest) {
        let id = request.id
        switch action {
        case .authorise(let requester):
            Task { self.report(id, await self.authorise(requester, tenant: request.tenant)) }
        case .route(let query):
            report(id, route(query, tenant: request.tenant))
        case .fetch(let source, let query, let attempt, let attemptDeadline):
            Task { await self.fetch(id, source: source, query: query, tenant: request.tenant, attempt: attempt, deadline: attemptDeadline) }
        case .awaitAnswer:
            // The deadline may have moved: its timer starts again.
            timers.removeValue(forKey: id)?.cancel()
            startDeadlineTimer(for: request)
        case .retry(let at):
            Task {
                await Self.sleep(until: at)
                self.report(id, .retryDue)
            }
        case .translateToCanonical(let document):
            report(id, steps.translateToCanonical(document))
        case .checkPolicy(let canonical, let owner, let requester):
            Task {
                switch await self.origin(of: owner, canonical: canonical, tenant: request.tenant, known: self.origins[id]) {
                case .known(let origin):
                    self.report(id, self.steps.checkPolicy(canonical, tenant: request.tenant, owner: owner, origin: origin, requester: requester, now: Date(), query: request.query))
                case .unknown(let rejection):
                    self.report(id, .reject(rejection))
                }
            }
        case .render(let canonical, let model):
            report(id, steps.render(canonical, into: model))
        case .finish:
            break
        }
    }

    func report(_ id: String, _ event: RelayEvent) {
        _ = enqueue(id, event)
    }

    func authorise(_ requester: RelayRequester, tenant: String) async -> RelayEvent {
        let known: Bool
        do {
            switch requester.protocol {
            case .pactV2, .pactV3:
                known = try await dependencies.store.client(id: requester.identity)?.tenant == tenant
            case .catenaX:
                known = try await dependencies.store.partners(ofTenant: tenant).contains { $0.bpn == requester.identity }
            case .ouranos:
                known = try await dependencies.store.partners(ofTenant: tenant).contains { $0.corporateNumber == requester.identity }
            }
        } catch {
            return .reject(RelayRejection(.upstreamUnavailable, "the gateway's store is not available to check the requester; try again"))
        }
        return known ? .authorised : .reject(RelayRejection(.unauthorised, "\(requester.identity) is not a registered partner of this gateway's tenant"))
    }

    func route(_ query: ProductQuery, tenant: String) -> RelayEvent {
        guard !query.productIDs.isEmpty else { return .reject(RelayRejection(.badRequest, "the request names no product id")) }
        guard let (source, _) = dependencies.routing.rules(for: tenant).route(query) else {
            return .reject(RelayRejection(.notFound, "no routing rule says where the footprint of product \(query.productIDs.joined(separator: ", ")) comes from"))
        }
        return .routed(source)
    }

    /// The ecosystem a footprint comes from, which the owner's policy may decide on: the one its
    /// stored document records for the tenant's own, the partner's for a partner's (`known` when
    /// the fetch noted it). When the partner cannot be read or is no longer registered, the
    /// decision cannot be made and the footprint is refused: taking it for PACT would release what
    /// a policy on its real origin might refuse.
    func origin(of source: RelaySource, canonical: RelayDocument, tenant: String, known: DataEcosystem?) async -> FootprintOrigin {
        guard case .partner(let name) = source else {
            return .known(DataEcosystem.origin(of: canonical.json, in: dependencies.rules.snapshot.catalog))
        }
        if let known { return .known(known) }
        let stored: StoredPartner?
        do {
            stored = try await dependencies.store.partner(named: name, tenant: tenant)
        } catch {
            return .unknown(RelayRejection(.upstreamUnavailable, "the gateway's store is not available to decide on the footprint; try again", audit: ["storeFailure": .string("\(error)")]))
        }
        guard let stored, let ecosystem = DataEcosystem(rawValue: stored.ecosystem) else {
            return .unknown(RelayRejection(.policyProhibited, "the footprint's supplier is no longer a registered partner, so the data owner's usage policy cannot decide on it"))
        }
        return .known(ecosystem)
    }

    /// The origin of a footprint, or why it cannot be known.
    enum FootprintOrigin: Equatable {
        case known(DataEcosystem)
        case unknown(RelayRejection)
    }

    func fetch(_ id: String, source: RelaySource, query: ProductQuery, tenant: String, attempt: Int, deadline: Date) async {
        let fetched = await fetchEvent(id, source: source, query: query, tenant: tenant, attempt: attempt, deadline: deadline)
        // A request that ended while the fetch was under way (its partner delivered, its deadline
        // passed) has had its entries cleared: none is added back.
        if let origin = fetched.origin, live[id] != nil { origins[id] = origin }
        if let event = fetched.event { report(id, event) }
    }

    /// The event a fetch ends in, and the ecosystem of the partner asked; no event while a
    /// partner that answers later is waited for (its answer, or the timeout, is reported then).
    /// - Parameter loaded: the partner named by `source`, when already read from the store.
    func fetchEvent(
        _ id: String, source: RelaySource, query: ProductQuery, tenant: String, attempt: Int, deadline: Date, partner loaded: Partner? = nil
    ) async -> (event: RelayEvent?, origin: DataEcosystem?) {
        guard case .partner(let name) = source else {
            return (event(for: await storeSource.fetch(query, tenant: tenant), attempt: attempt), nil)
        }
        let partner: Partner
        do {
            if let loaded {
                partner = loaded
            } else {
                guard let stored = try await dependencies.store.partner(named: name, tenant: tenant) else {
                    return (.reject(RelayRejection(.notFound, "partner '\(name)' named by the routing rules is not registered")), nil)
                }
                partner = try Partner(stored: stored)
            }
            // Known at once for a stored request, so that a partner answering later finds it.
            if live[id] != nil { origins[id] = partner.ecosystem }
        } catch {
            return (.fetchFailed(UpstreamFailure(.unavailable, "partner '\(name)' could not be loaded: \(error)"), attempt: attempt), nil)
        }
        guard let fetcher = dependencies.fetchers[partner.ecosystem] else {
            return (.reject(RelayRejection(.upstreamUnavailable, "this gateway has no \(partner.ecosystem.rawValue) adapter to reach partner '\(name)'")), partner.ecosystem)
        }
        // An open circuit holds the attempt until it lets calls through again, rather than
        // spending the request's attempts while the partner is known to be down.
        while let refused = circuits.acquire(partner: name, now: Date()) {
            let resumeAt: Date
            if case .open(let until) = circuits.state(of: name) { resumeAt = until } else { resumeAt = Date().addingTimeInterval(0.1) }
            guard resumeAt < deadline, !Task.isCancelled else {
                return (.fetchFailed(refused, attempt: attempt), partner.ecosystem)
            }
            try? await Task.sleep(for: .seconds(max(0.01, resumeAt.timeIntervalSinceNow)))
        }
        let outcome = await Self.race(deadline: deadline) {
            await fetcher.fetch(query, from: partner, relayRequestID: id, attempt: attempt, deadline: deadline)
        }
        // A fetch its caller cancelled (an early fetch for a request that could not be stored, a
        // repeated request's, say) tells nothing of the partner: it is not counted against it, and
        // a probe it was lets the next call probe.
        guard !Task.isCancelled else {
            circuits.release(partner: name)
            return (nil, nil)
        }
        switch outcome {
        case .failure(let failure) where failure.kind == .notConfigured:
            // The partner was not called: its circuit learns nothing, the operator has to act.
            circuits.release(partner: name)
            logger.error("a partner cannot be asked: its settings are incomplete", metadata: ["partner": "\(name)", "problem": "\(failure.message)"])
        case .failure(let failure): circuits.record(partner: name, failure: failure, now: Date())
        default: circuits.record(partner: name, failure: nil, now: Date())
        }
        if case .awaitingDelivery = outcome {
            // A partner that accepted the request answers when its owner releases the footprint
            // (CX-0136's PUT, an Ouranos trade request, often after a person's review): it is
            // waited for until `relayLaterAnswerDeadlineSeconds` after the request came, whose
            // timer ends the request ("no answer within the deadline … while fetching the
            // footprint from partner …"), and is not asked again after one attempt's time.
            return (.acceptedLater(attempt: attempt, wait: dependencies.laterAnswerDeadline), partner.ecosystem)
        }
        return (event(for: outcome, attempt: attempt), partner.ecosystem)
    }

    private func event(for outcome: UpstreamFetchOutcome, attempt: Int) -> RelayEvent {
        switch outcome {
        case .document(let document): .fetched(document, attempt: attempt)
        case .failure(let failure): .fetchFailed(failure, attempt: attempt)
        case .awaitingDelivery: .fetchFailed(UpstreamFailure(.invalidAnswer, "the store does not answer later"), attempt: attempt)
        }
    }

    /// The fetch's outcome, or a timeout failure when `deadline` comes first (the fetch is cancelled).
    private static func race(deadline: Date, _ fetch: @escaping @Sendable () async -> UpstreamFetchOutcome) async -> UpstreamFetchOutcome {
        let seconds = max(0, deadline.timeIntervalSinceNow)
        return await withTimeLimit(seconds: seconds, fetch) ?? .failure(UpstreamFailure(.unreachable, "no answer within \(String(format: "%.1f", seconds)) s"))
    }

    func startDeadlineTimer(for request: RelayRequest) {
        let id = request.id
        let deadline = request.deadline
        timers[id] = Task {
            await Self.sleep(until: deadline)
            guard !Task.isCancelled else { return }
            self.report(id, .deadlineReached)
        }
    }

    /// Sleeps until the wall clock reaches `date` (or the task is cancelled). Task sleeps run on
    /// the monotonic clock: when the wall clock is set back meanwhile, the sleep goes on for the
    /// difference, so a retry or deadline is never reported before its time, where the request
    /// would drop it as not due and wait for nothing.
    static func sleep(until date: Date) async {
        while !Task.isCancelled {
            let left = date.timeIntervalSinceNow
            guard left > 0 else { return }
            try? await Task.sleep(for: .seconds(left))
        }
    }
}
