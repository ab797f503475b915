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
public actor RelayWorker: Service, LaterAnswerSink {
    struct Live {
        var request: RelayRequest
        var version: Int64
    }

    let dependencies: Dependencies
    let steps: RelaySteps
    let storeSource: TenantStoreSource
    let logger: Logger
    var live: [String: Live] = [:]
    var tails: [String: Task<EventOutcome, Never>] = [:]
    var timers: [String: Task<Void, Never>] = [:]
    /// Whether the worker has stopped: the gateway is shutting down (or never came up), and what
    /// its calls still report (cancelled by the HTTP client's shutdown) is not recorded. Each
    /// request stays at its last recorded step and is resumed at the next start.
    private(set) var stopped = false
    var circuits = PartnerCircuits()
    var random = SystemRandomNumberGenerator()
    var finishedWaiters: [String: [CheckedContinuation<RelayRequest?, Never>]] = [:]
    /// The ecosystem each request's partner lives in, learnt when it was fetched from.
    var origins: [String: DataEcosystem] = [:]
    /// Audit steps in the order the worker recorded them, for the one task that writes them.
    let auditSteps: AsyncStream<[PendingAuditStep]>.Continuation

    /// Creates a worker; call ``recover()`` before accepting requests.
    /// How many requests may be under way at once; a request beyond them is refused before it is
    /// recorded (the requester is told to send it again shortly), so a flood of requests cannot
    /// hold an unbounded number of calls, timers and documents in memory.
    let maximumInFlight: Int
    /// How many of them one requester (of one tenant) may have under way: one requester sending
    /// requests for a slow partner does not take every place and refuse everyone else.
    let maximumPerRequester: Int
    /// How many requests each requester has under way or being taken, by ``requesterKey(_:)``.
    var underWayByRequester: [String: Int] = [:]
    /// Places taken by requests being stored, not yet under way.
    var reservedPlaces = 0

    public init(_ dependencies: Dependencies, maximumInFlight: Int = 10_000, maximumPerRequester: Int = 1_000, logger: Logger) {
        self.dependencies = dependencies
        self.maximumInFlight = maximumInFlight
        self.maximumPerRequester = maximumPerRequester
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
        // A place is taken before the first await: requests of one requester arriving together
        // cannot all pass the check while the first are still being stored.
        let requester = Self.requesterKey(request)
        let reserved = live[request.id] == nil
        if reserved {
            guard live.count + reservedPlaces < maximumInFlight else {
                throw StoreError.atCapacity("the gateway is relaying \(live.count) requests, as many as it takes at once: send the request again shortly")
            }
            guard underWayByRequester[requester, default: 0] < maximumPerRequester else {
                throw StoreError.atCapacity(
                    "\(request.requester.identity) has \(maximumPerRequester) requests under way, as many as one requester may: send this one again when some have been answered")
            }
            underWayByRequester[requester, default: 0] += 1
            reservedPlaces += 1
        }
        var begun = false
        defer {
            if reserved {
                reservedPlaces -= 1
                if !begun { release(requester) }
            }
        }
        let authorisation = await authorise(request.requester, tenant: request.tenant)
        var current = request
        var chain = advance(&current, by: .resume, authorisation: authorisation)
        // A partner's document that came with the request (an update it pushed) is taken in the
        // same steps, so it is stored before the partner hears that its update was accepted.
        if let upstream, case .fetch(.partner, _, let attempt, _)? = chain.action {
            let taken = advance(&current, by: .fetched(upstream, attempt: attempt))
            chain = (taken.action, chain.steps + taken.steps, chain.audited + taken.audited)
        }
        // The partner the route leads to is read once: it decides whether the first fetch starts
        // before the request is stored.
        let partner = await routedPartner(chain.action, tenant: current.tenant)
        let answers = messages(after: chain.action, for: current)
        let early = live[request.id] == nil && upstream == nil ? startEarlyFetch(after: chain.action, for: current, partner: partner) : nil
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
            deliver(recorded.answers, attempt: recorded.waiting ? nil : await prepare(answers)?.start())
            return
        }
        begin(current, version: recorded.version, counted: reserved)
        begun = true
        startDeadlineTimer(for: current)
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
    /// before the request is stored. The `partner` it names was read before: read inside the
    /// fetch, it would wait for the store behind the request's own insert.
    /// - Returns: the fetch under way, with the event it ends in and the ecosystem of the partner
    ///   asked; `nil` when there is no such fetch to make (a partner that answers later through
    ///   the inbound API is asked once the request is stored).
    private func startEarlyFetch(
        after action: RelayAction?, for request: RelayRequest, partner: Partner?
    ) -> Task<(event: RelayEvent?, origin: DataEcosystem?), Never>? {
        guard !request.state.isTerminal, case .fetch(let source, let query, let attempt, let deadline)? = action else { return nil }
        let id = request.id
        let tenant = request.tenant
        guard case .partner = source else {
            return Task { await self.fetchEvent(id, source: source, query: query, tenant: tenant, attempt: attempt, deadline: deadline) }
        }
        guard let partner, let fetcher = dependencies.fetchers[partner.ecosystem], !fetcher.answersLater else { return nil }
        return Task { await self.fetchEvent(id, source: source, query: query, tenant: tenant, attempt: attempt, deadline: deadline, partner: partner) }
    }

    /// The partner `action` fetches from, when it is a fetch from a registered, readable partner.
    private func routedPartner(_ action: RelayAction?, tenant: String) async -> Partner? {
        guard case .fetch(.partner(let name), _, _, _)? = action, let stored = try? await dependencies.store.partner(named: name, tenant: tenant) else { return nil }
        return try? Partner(stored: stored)
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
            begin(request, version: version)
            startDeadlineTimer(for: request)
            _ = enqueue(request.id, .resume)
        }
        if !recovery.requests.isEmpty { logger.info("relay requests resumed", metadata: ["count": "\(recovery.requests.count)"]) }
        return recovery.requests.count
    }

    /// An upstream partner delivered the footprint for a relay request that waits for it (a
    /// Catena-X partner's PUT answering the gateway's request).
    /// - Returns: `.applied` when the document was taken (recorded before this returns);
    ///   `.notApplicable` when no request of that partner waits for it; `.notRecorded` when the
    ///   store failed, and the request still waits for it.
    public func upstreamDelivered(relayRequestID: String, partner: String, document: RelayDocument) async -> EventOutcome {
        guard await entry(waitingFor: partner, id: relayRequestID) != nil else { return .notApplicable }
        return await enqueue(relayRequestID, .delivered(document)).value
    }

    /// An upstream partner that answers later refused the fetch for good (an Ouranos supplier sent
    /// the trade request back hours after it was opened): the failure ends the attempt under way.
    /// - Returns: `.applied` when the attempt took it; `.notApplicable` when the request is not
    ///   fetching from that partner now (between attempts, the next attempt reads the refusal itself).
    public func upstreamFailed(relayRequestID: String, partner: String, failure: UpstreamFailure) async -> EventOutcome {
        guard let entry = await entry(waitingFor: partner, id: relayRequestID), case .fetching(_, let attempt) = entry.request.state else {
            return .notApplicable
        }
        return await enqueue(relayRequestID, .fetchFailed(failure, attempt: attempt)).value
    }

    /// Whether the request with `relayRequestID` still waits for `partner`'s footprint.
    public func awaitsUpstream(relayRequestID: String, partner: String) async -> Bool {
        await entry(waitingFor: partner, id: relayRequestID) != nil
    }

    /// The request `id` while it waits for `partner` (fetching from it, or about to try it again)
    /// and its deadline has not passed, whether or not its timer has ended it yet. The events
    /// already reported for it count (the partner's acceptance, which moves the deadline).
    private func entry(waitingFor partner: String, id: String) async -> Live? {
        _ = await tails[id]?.value
        guard let entry = live[id], entry.request.state.awaitedSource == .partner(partner), Date() < entry.request.deadline else { return nil }
        return entry
    }

    /// The request with `id` as it stands: in memory while under way, else from the store
    /// (`nil` also when the store cannot be read).
    public func request(id: String) async -> RelayRequest? {
        try? await readRequest(id: id)
    }

    /// The request with `id` as it stands, or `nil` when there is none (or its stored snapshot
    /// cannot be read).
    /// - Throws: the store's error when the store cannot be read: the request may well exist.
    public func readRequest(id: String) async throws(StoreError) -> RelayRequest? {
        if let entry = live[id] { return entry.request }
        guard let stored = try await dependencies.store.relayRequest(id: id) else { return nil }
        return try? RelayRequest(stored: stored)
    }

    /// Waits until the request with `id` has ended (or is unknown) and returns it.
    public func finished(id: String) async -> RelayRequest? {
        if live[id] == nil || stopped { return await request(id: id) }
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
        stop()
    }

    /// Stops recording steps, also for events already queued (they are refused as not recorded):
    /// the outcomes of calls still under way, which the HTTP client's shutdown cancels, would
    /// otherwise spend the requests' attempts and reject them. A step being recorded as it stops
    /// completes but starts no further action. Call it before the HTTP client shuts down.
    public func stop() {
        stopped = true
        for timer in timers.values { timer.cancel() }
        timers.removeAll()
        // Whoever waits for a request to end hears of it as it stands: it ends only after a restart.
        for (id, waiters) in finishedWaiters {
            for waiter in waiters { waiter.resume(returning: live[id]?.request) }
        }
        finishedWaiters.removeAll()
    }
}
