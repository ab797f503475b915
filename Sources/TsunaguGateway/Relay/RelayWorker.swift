import Crypto
import Foundation
import Logging
import ServiceLifecycle
import TsunaguCore
import TsunaguRelay
import TsunaguStore

/// Advances relay requests through their lifecycle: the imperative shell around the
/// ``RelayRequest`` state machine.
///
/// A request is stored before it is acknowledged (``submit(_:)``); every step is recorded in the
/// store before the next one starts, and the terminal step enqueues the answer in the same
/// transaction. At start-up ``recover()`` resumes every unfinished request, so a request accepted
/// before a crash is answered exactly once. Events for one request are applied one at a time, in
/// the order they arrive; an event that no longer fits (a late answer, a stale timer) is dropped.
public actor RelayWorker: Service {
    /// How the worker reaches the world.
    public struct Dependencies: Sendable {
        /// The store of requests, partners and footprints.
        public var store: any GatewayStore
        /// The rules in force (mappings, schemas, policies).
        public var rules: GatewayRules
        /// Where footprints come from, per tenant.
        public var routing: RelayRouting
        /// One fetcher per upstream ecosystem.
        public var fetchers: [DataEcosystem: any UpstreamFetcher]
        /// One answer channel per requester protocol.
        public var channels: [RequesterProtocol: any RelayAnswerChannel]
        /// The audit trail each hop is written to.
        public var audit: AuditTrail
        /// Sends a finished request's answers while the commit that enqueues them runs (the
        /// outbox), and then marks each delivered or failed; the store keeps them out of the
        /// outbox's due messages until then. When `nil`, the outbox finds them at its next wake-up.
        public var delivery: (any RelayAnswerDelivery)?

        /// Creates the dependencies.
        public init(
            store: any GatewayStore, rules: GatewayRules, routing: RelayRouting, fetchers: [DataEcosystem: any UpstreamFetcher],
            channels: [RequesterProtocol: any RelayAnswerChannel], audit: AuditTrail, delivery: (any RelayAnswerDelivery)?
        ) {
            self.store = store
            self.rules = rules
            self.routing = routing
            self.fetchers = fetchers
            self.channels = channels
            self.audit = audit
            self.delivery = delivery
        }
    }

    private struct Live {
        var request: RelayRequest
        var version: Int64
    }

    private let dependencies: Dependencies
    private let steps: RelaySteps
    private let storeSource: TenantStoreSource
    private let logger: Logger
    private var live: [String: Live] = [:]
    private var tails: [String: Task<Bool, Never>] = [:]
    private var timers: [String: Task<Void, Never>] = [:]
    private var circuits = PartnerCircuits()
    private var random = SystemRandomNumberGenerator()
    private var finishedWaiters: [String: [CheckedContinuation<RelayRequest?, Never>]] = [:]
    /// The ecosystem each request's partner lives in, learnt when it was fetched from.
    private var origins: [String: DataEcosystem] = [:]
    /// Audit steps in the order the worker recorded them, for the one task that writes them.
    private let auditSteps: AsyncStream<[PendingAuditStep]>.Continuation

    /// Creates a worker; call ``recover()`` before accepting requests.
    public init(_ dependencies: Dependencies, logger: Logger) {
        self.dependencies = dependencies
        self.steps = RelaySteps(rules: dependencies.rules)
        self.storeSource = TenantStoreSource(store: dependencies.store)
        self.logger = logger
        let (batches, continuation) = AsyncStream.makeStream(of: [PendingAuditStep].self)
        self.auditSteps = continuation
        let trail = dependencies.audit
        Task.detached { await Self.writeAudit(batches, to: trail) }
    }

    deinit {
        auditSteps.finish()
    }

    // MARK: Entry points

    /// Stores a newly accepted request and starts it. Acknowledge the request to its sender only
    /// after this returns.
    ///
    /// The requester is checked and the request routed first, and the request is stored with
    /// those steps in one transaction: after a crash it resumes from there as it would had the
    /// steps been recorded one by one. A request refused at once is stored finished, with its
    /// answer enqueued.
    ///
    /// When the next step is a fetch whose answer comes back in the call's response, the fetch
    /// starts while the request is being stored, and its outcome is applied once the request is
    /// stored (it is dropped when storing fails).
    /// - Parameter upstream: the partner's document when the partner has already sent it (an
    ///   update it pushed): when the request's route leads to that fetch, the document is taken
    ///   as its answer and the partner is not asked.
    /// - Throws: the store's error when the request cannot be recorded (nothing was accepted); a
    ///   conflict when a request with its id exists.
    public func submit(_ request: RelayRequest, answeredBy upstream: RelayDocument? = nil) async throws(StoreError) {
        let authorisation = await authorise(request.requester, tenant: request.tenant)
        var current = request
        let chain = advance(&current, by: .resume, authorisation: authorisation)
        let answers = messages(after: chain.action, for: current)
        let early = live[request.id] == nil && upstream == nil ? await startEarlyFetch(after: chain.action, for: current) : nil
        let recorded: RecordedRelaySteps
        do {
            recorded = try await dependencies.store.insert(current, steps: chain.steps, answers: answers, claimingAnswers: dependencies.delivery != nil)
        } catch {
            early?.cancel()
            throw error
        }
        audit([(request, "relay.received")] + chain.audited.map { ($0, "relay.\($0.state.name)") })
        guard !current.state.isTerminal, let action = chain.action else {
            // Sent only now: the requester must not hear the answer to a request it has not yet
            // seen acknowledged.
            deliver(recorded.answers, attempt: await attempt(answers))
            return
        }
        live[request.id] = Live(request: current, version: recorded.version)
        startDeadlineTimer(for: current)
        if let upstream, case .fetch(.partner, _, let attempt, _) = action {
            report(request.id, .fetched(upstream, attempt: attempt))
            return
        }
        guard let early else {
            perform(action, for: current)
            return
        }
        let id = request.id
        // Reported like any fetch's outcome: a deadline reached meanwhile is not held up by it.
        Task {
            let outcome = await early.value
            if let origin = outcome.origin, self.live[id] != nil { self.origins[id] = origin }
            if let event = outcome.event { self.report(id, event) }
        }
    }

    /// Starts the fetch `action` asks for, when it is one whose answer comes back in the call,
    /// before the request is stored. The partner is read first: read inside the fetch, it would
    /// wait for the store behind the request's own insert.
    /// - Returns: the fetch under way, with the event it ends in and the ecosystem of the partner
    ///   asked; `nil` when there is no such fetch to make (a partner that answers later through
    ///   the inbound API is asked once the request is stored).
    private func startEarlyFetch(after action: RelayAction?, for request: RelayRequest) async -> Task<(event: RelayEvent?, origin: DataEcosystem?), Never>? {
        guard !request.state.isTerminal, case .fetch(let source, let query, let attempt, let deadline)? = action else { return nil }
        let id = request.id
        let tenant = request.tenant
        guard case .partner(let name) = source else {
            return Task { await self.fetchEvent(id, source: source, query: query, tenant: tenant, attempt: attempt, deadline: deadline) }
        }
        guard let stored = try? await dependencies.store.partner(named: name, tenant: tenant), let partner = try? Partner(stored: stored),
            let fetcher = dependencies.fetchers[partner.ecosystem], !fetcher.answersLater
        else { return nil }
        return Task { await self.fetchEvent(id, source: source, query: query, tenant: tenant, attempt: attempt, deadline: deadline, partner: partner) }
    }

    /// Resumes every unfinished request in the store (after a restart). Call once, before serving.
    /// - Returns: how many requests were resumed.
    @discardableResult
    public func recover() async throws(StoreError) -> Int {
        let recovery = try await dependencies.store.recoverRelayRequests()
        for problem in recovery.unreadable {
            logger.error("relay request left for an operator", metadata: ["error": "\(problem)"])
        }
        for (request, version) in recovery.requests where live[request.id] == nil {
            live[request.id] = Live(request: request, version: version)
            startDeadlineTimer(for: request)
            _ = enqueue(request.id, .resume)
        }
        if !recovery.requests.isEmpty { logger.info("relay requests resumed", metadata: ["count": "\(recovery.requests.count)"]) }
        return recovery.requests.count
    }

    /// An upstream partner delivered the footprint for a relay request that waits for it (a
    /// Catena-X partner's PUT answering the gateway's request).
    /// - Returns: whether the document was taken (recorded before this returns); `false` when no
    ///   request of that partner waits for it.
    public func upstreamDelivered(relayRequestID: String, partner: String, document: RelayDocument) async -> Bool {
        guard let entry = live[relayRequestID], case .fetching(.partner(let waitingFor), let attempt) = entry.request.state, waitingFor == partner else {
            return false
        }
        return await enqueue(relayRequestID, .fetched(document, attempt: attempt)).value
    }

    /// The request with `id` as it stands: in memory while under way, else from the store.
    public func request(id: String) async -> RelayRequest? {
        if let entry = live[id] { return entry.request }
        guard let stored = try? await dependencies.store.relayRequest(id: id) else { return nil }
        return try? RelayRequest(stored: stored)
    }

    /// Waits until the request with `id` has ended (or is unknown) and returns it.
    public func finished(id: String) async -> RelayRequest? {
        if live[id] == nil { return await request(id: id) }
        return await withCheckedContinuation { finishedWaiters[id, default: []].append($0) }
    }

    /// Where the footprint for `query` comes from under `tenant`'s routing rules; `nil` when nowhere.
    public nonisolated func source(for query: ProductQuery, tenant: String) -> RelaySource? {
        dependencies.routing.rules(for: tenant).route(query)?.source
    }

    /// The number of requests under way.
    public var inFlight: Int { live.count }

    public func run() async throws {
        try? await gracefulShutdown()
        for timer in timers.values { timer.cancel() }
        timers.removeAll()
    }

    // MARK: Applying events

    /// Applies `event` after every event already queued for the request.
    private func enqueue(_ id: String, _ event: RelayEvent) -> Task<Bool, Never> {
        let previous = tails[id]
        let task = Task {
            _ = await previous?.value
            return await self.apply(event, to: id)
        }
        tails[id] = task
        return task
    }

    /// Applies `event`, then every step that follows without waiting for the world (routing,
    /// translation, a policy decision whose owner is known, rendering), and records them all in
    /// one transaction before the next action starts.
    private func apply(_ event: RelayEvent, to id: String) async -> Bool {
        guard var entry = live[id] else { return false }
        let start = entry.request
        let chain = advance(&entry.request, by: event)
        guard let action = chain.action else {
            logger.debug("relay event dropped", metadata: ["request": "\(id)", "state": "\(start.state.name)"])
            return false
        }
        var answers: [OutboxMessage] = []
        var sending: Task<[String?], Never>?
        if !chain.steps.isEmpty {
            let pending = messages(after: action, for: entry.request)
            // The answer goes out while its commit runs (see ``RelayAnswerDelivery``).
            sending = await attempt(pending)
            do {
                guard let recorded = try await dependencies.store.record(
                    entry.request, steps: chain.steps, version: entry.version, answers: pending, claimingAnswers: dependencies.delivery != nil
                ) else {
                    if sending != nil { logger.warning("relay answer sent for a request another worker had finished", metadata: ["request": "\(id)"]) }
                    end(id, entry.request)
                    return false
                }
                entry.version = recorded.version
                answers = recorded.answers
            } catch {
                logger.error(
                    "relay step could not be recorded; the request resumes at its last recorded step after a restart\(sending == nil ? "" : " and sends its answer again")",
                    metadata: ["request": "\(id)", "error": "\(error)"]
                )
                live[id] = nil
                return false
            }
        }
        // The next action (the answer's delivery, an upstream call) starts before the audit
        // entries are prepared, which only have to follow the steps recorded in the store.
        defer { audit(chain.audited.map { ($0, "relay.\($0.state.name)") }) }
        if entry.request.state.isTerminal {
            end(id, entry.request)
            deliver(answers, attempt: sending)
            return true
        }
        live[id] = entry
        perform(action, for: entry.request)
        return true
    }

    /// The steps of a request taken by `event` and every step after it that needs nothing from
    /// outside the worker; `authorisation` is the outcome of checking the requester when known.
    /// - Returns: the next action (`nil` when the event no longer fits), the transitions to
    ///   record, and the request after each step, for the audit trail.
    private func advance(
        _ request: inout RelayRequest, by event: RelayEvent, authorisation: RelayEvent? = nil
    ) -> (action: RelayAction?, steps: [RelayTransitionRecord], audited: [RelayRequest]) {
        var steps: [RelayTransitionRecord] = []
        var audited: [RelayRequest] = []
        var next: RelayEvent? = event
        var action: RelayAction?
        while let current = next {
            let before = request
            guard let following = current.apply(to: &request, now: Date(), random: &random) else { break }
            action = following
            if request != before {
                steps.append(RelayTransitionRecord(
                    requestID: request.id, version: 0, time: request.updated, from: before.state.name, to: request.state.name,
                    detail: request.transitionDetail
                ))
                audited.append(request)
            }
            if case .authorise = following {
                next = authorisation
            } else {
                next = immediateOutcome(of: following, for: request)
            }
        }
        return (action, steps, audited)
    }

    /// The messages that carry a finished request's answer (none before it finishes).
    private func messages(after action: RelayAction?, for request: RelayRequest) -> [NewOutboxMessage] {
        guard request.state.isTerminal, case .finish(let answer)? = action, let channel = dependencies.channels[answer.requester.protocol] else { return [] }
        return channel.messages(for: answer, tenant: request.tenant)
    }

    /// Starts the attempt at sending a finished request's answers, once what it needs from the
    /// store is read; `nil` when there are none or the outbox finds them itself.
    private func attempt(_ answers: [NewOutboxMessage]) async -> Task<[String?], Never>? {
        guard !answers.isEmpty, let delivery = dependencies.delivery else { return nil }
        return await delivery.start(answers)
    }

    /// Hands the outcome of `attempt` on the just-enqueued `answers` to the delivery, off the worker.
    private func deliver(_ answers: [OutboxMessage], attempt: Task<[String?], Never>?) {
        guard !answers.isEmpty, let attempt, let delivery = dependencies.delivery else { return }
        Task { await delivery.settle(answers, failures: await attempt.value) }
    }

    /// The outcome of `action` when it needs nothing from outside the worker; `nil` when the
    /// action must be performed and its outcome awaited.
    private func immediateOutcome(of action: RelayAction, for request: RelayRequest) -> RelayEvent? {
        switch action {
        case .route(let query):
            return route(query, tenant: request.tenant)
        case .translateToCanonical(let document):
            return steps.translateToCanonical(document)
        case .checkPolicy(let canonical, let owner, let requester):
            guard let origin = owner == .tenantStore ? .pact : origins[request.id] else { return nil }
            return steps.checkPolicy(canonical, tenant: request.tenant, owner: owner, origin: origin, requester: requester, now: Date())
        case .render(let canonical, let model):
            return steps.render(canonical, into: model)
        case .authorise, .fetch, .retry, .finish:
            return nil
        }
    }

    private func end(_ id: String, _ request: RelayRequest) {
        live[id] = nil
        tails[id] = nil
        origins[id] = nil
        timers.removeValue(forKey: id)?.cancel()
        for waiter in finishedWaiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: request) }
    }

    // MARK: Performing actions

    private func perform(_ action: RelayAction, for request: RelayRequest) {
        let id = request.id
        switch action {
        case .authorise(let requester):
            Task { await self.report(id, await self.authorise(requester, tenant: request.tenant)) }
        case .route(let query):
            report(id, route(query, tenant: request.tenant))
        case .fetch(let source, let query, let attempt, let attemptDeadline):
            Task { await self.fetch(id, source: source, query: query, tenant: request.tenant, attempt: attempt, deadline: attemptDeadline) }
        case .retry(let at):
            Task {
                try? await Task.sleep(for: .seconds(max(0, at.timeIntervalSinceNow)))
                await self.report(id, .retryDue)
            }
        case .translateToCanonical(let document):
            report(id, steps.translateToCanonical(document))
        case .checkPolicy(let canonical, let owner, let requester):
            Task {
                let origin = await self.origin(of: owner, tenant: request.tenant)
                await self.report(id, self.steps.checkPolicy(canonical, tenant: request.tenant, owner: owner, origin: origin, requester: requester, now: Date()))
            }
        case .render(let canonical, let model):
            report(id, steps.render(canonical, into: model))
        case .finish:
            break
        }
    }

    private func report(_ id: String, _ event: RelayEvent) {
        _ = enqueue(id, event)
    }

    private func authorise(_ requester: RelayRequester, tenant: String) async -> RelayEvent {
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

    private func route(_ query: ProductQuery, tenant: String) -> RelayEvent {
        guard !query.productIDs.isEmpty else { return .reject(RelayRejection(.badRequest, "the request names no product id")) }
        guard let (source, _) = dependencies.routing.rules(for: tenant).route(query) else {
            return .reject(RelayRejection(.notFound, "no routing rule says where the footprint of product \(query.productIDs.joined(separator: ", ")) comes from"))
        }
        return .routed(source)
    }

    private func origin(of source: RelaySource, tenant: String) async -> DataEcosystem {
        guard case .partner(let name) = source, let stored = try? await dependencies.store.partner(named: name, tenant: tenant),
            let ecosystem = DataEcosystem(rawValue: stored.ecosystem)
        else { return .pact }
        return ecosystem
    }

    private func fetch(_ id: String, source: RelaySource, query: ProductQuery, tenant: String, attempt: Int, deadline: Date) async {
        let fetched = await fetchEvent(id, source: source, query: query, tenant: tenant, attempt: attempt, deadline: deadline)
        if let origin = fetched.origin { origins[id] = origin }
        if let event = fetched.event { report(id, event) }
    }

    /// The event a fetch ends in, and the ecosystem of the partner asked; no event while a
    /// partner that answers later is waited for (its answer, or the timeout, is reported then).
    /// - Parameter loaded: the partner named by `source`, when already read from the store.
    private func fetchEvent(
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
        switch outcome {
        case .failure(let failure): circuits.record(partner: name, failure: failure, now: Date())
        default: circuits.record(partner: name, failure: nil, now: Date())
        }
        if case .awaitingDelivery = outcome {
            Task {
                try? await Task.sleep(for: .seconds(max(0, deadline.timeIntervalSinceNow)))
                self.report(id, .fetchFailed(UpstreamFailure(.unreachable, "partner '\(name)' accepted the request but sent no footprint in time"), attempt: attempt))
            }
            return (nil, partner.ecosystem)
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
        await withTaskGroup(of: UpstreamFetchOutcome.self) { group in
            group.addTask { await fetch() }
            group.addTask {
                let seconds = max(0, deadline.timeIntervalSinceNow)
                try? await Task.sleep(for: .seconds(seconds))
                return .failure(UpstreamFailure(.unreachable, "no answer within \(String(format: "%.1f", seconds)) s"))
            }
            let first = await group.next() ?? .failure(UpstreamFailure(.unreachable, "the fetch ended without an outcome"))
            group.cancelAll()
            return first
        }
    }

    private func startDeadlineTimer(for request: RelayRequest) {
        let id = request.id
        let deadline = request.deadline
        timers[id] = Task {
            try? await Task.sleep(for: .seconds(max(0, deadline.timeIntervalSinceNow)))
            guard !Task.isCancelled else { return }
            await self.report(id, .deadlineReached)
        }
    }

    // MARK: Audit

    /// A step to write to the audit trail: the request as the step left it.
    private struct PendingAuditStep: Sendable {
        let action: String
        let request: RelayRequest
        let time: Date
    }

    /// Queues steps for the audit trail. One task writes every queued step in the order it was
    /// queued (so a request's entries follow its transitions), working out their facts and the
    /// content hashes of the documents they carry off the worker.
    private func audit(_ steps: [(request: RelayRequest, action: String)]) {
        guard !steps.isEmpty else { return }
        let time = Date()
        auditSteps.yield(steps.map { step in
            PendingAuditStep(action: step.action, request: step.request, time: time)
        })
    }

    /// Writes queued audit steps, in order, until the worker goes away.
    private static func writeAudit(_ batches: AsyncStream<[PendingAuditStep]>, to trail: AuditTrail) async {
        for await batch in batches {
            for step in batch {
                let facts = step.request.transitionFacts.objectValue ?? [:]
                let detail = facts.merging(hashes(of: step.request.state)) { _, new in new }
                let request = step.request
                await trail.record(AuditEntry(
                    time: step.time, tenant: request.tenant, actor: request.requester.identity, ecosystem: request.requester.protocol.ecosystem.rawValue,
                    action: step.action, subject: request.id, detail: .object(detail)
                ))
            }
        }
    }

    /// SHA-256 of the document received from upstream and of the document sent, for the audit trail.
    private static func hashes(of state: RelayState) -> [String: JSONValue] {
        switch state {
        case .translating(_, let upstream): ["receivedSHA256": .string(sha256(upstream.json))]
        case .delivered(let document, _): ["sentSHA256": .string(sha256(document.json))]
        default: [:]
        }
    }

    static func sha256(_ json: JSONValue) -> String {
        HexDigits.text(SHA256.hash(data: Array(json.jsonText.utf8)))
    }
}
