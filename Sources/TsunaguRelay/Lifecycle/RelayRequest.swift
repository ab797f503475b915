import Foundation
import TsunaguCore

/// One relayed request through its lifecycle, as a value-type state machine: each event is a
/// `mutating func` that validates the transition, updates the state and returns the
/// ``RelayAction`` the imperative shell performs next.
///
/// An event that does not fit the current state throws ``RelayTransitionError`` and changes
/// nothing. Any event that arrives at or after the deadline expires the request instead of
/// being applied. Nothing reads a clock or a random source: `now` and the generator are passed in.
public struct RelayRequest: Sendable, Hashable, Codable {
    /// The request's unique id.
    public let id: String
    /// The tenant asked.
    public let tenant: String
    /// Who asked, in which protocol, and where the answer goes.
    public let requester: RelayRequester
    /// What the footprint is wanted for.
    public let query: ProductQuery
    /// When the request was accepted.
    public let received: Date
    /// When it must be answered at the latest.
    public private(set) var deadline: Date
    /// How transient upstream failures are retried.
    public let retryPolicy: RetryPolicy
    /// Where the request is in its lifecycle.
    public private(set) var state: RelayState
    /// When the state last changed.
    public private(set) var updated: Date
    /// The last upstream failure, kept so that a later expiry can say what happened upstream.
    public private(set) var lastFailure: UpstreamFailure?
    /// The attempt whose partner accepted the request and answers later (``acceptedLater(attempt:until:now:)``):
    /// asking it again (after a restart) and failing for a moment does not spend the attempts.
    public private(set) var acceptedAttempt: Int?

    /// A newly accepted request, in state ``RelayState/received``. Store it, then call ``resume(now:)``.
    public init(
        id: String, tenant: String, requester: RelayRequester, query: ProductQuery, received: Date, deadline: Date,
        retryPolicy: RetryPolicy = RetryPolicy()
    ) {
        self.id = id
        self.tenant = tenant
        self.requester = requester
        self.query = query
        self.received = received
        self.deadline = deadline
        self.retryPolicy = retryPolicy
        self.state = .received
        self.updated = received
    }

    // MARK: Events

    /// The partner asked in attempt `attempt` accepted the request and answers later (a Catena-X
    /// supplier's PUT, an Ouranos trade request, after a person released the footprint): the
    /// request waits for the answer until `date` when that is later than its deadline. A partner
    /// that is down or refuses keeps the request's own deadline.
    /// Next: ``RelayAction/awaitAnswer(until:)``.
    public mutating func acceptedLater(attempt: Int, until date: Date, now: Date) throws(RelayTransitionError) -> RelayAction {
        if let expiry = try expireOrCheck(event: "acceptedLater", now: now) { return expiry }
        guard case .fetching(_, let current) = state, current == attempt else { throw .wrongState(event: "acceptedLater", state: state) }
        if date > deadline {
            deadline = date
            updated = max(updated, now)
        }
        if acceptedAttempt != attempt {
            acceptedAttempt = attempt
            updated = max(updated, now)
        }
        return .awaitAnswer(until: deadline)
    }

    /// The action for the current state: what to do after accepting the request, or after
    /// loading it again at start-up. Repeats the pending step (a fetch is simply made again).
    /// Expires the request when its deadline has passed.
    public mutating func resume(now: Date) -> RelayAction {
        if let expiry = expireIfDue(now: now) { return expiry }
        switch state {
        case .received: return .authorise(requester)
        case .authorised: return .route(query)
        case .fetching(let source, let attempt): return fetchAction(source: source, attempt: attempt, now: now)
        case .backingOff(_, _, let retryAt): return .retry(at: retryAt)
        case .translating(_, let upstream): return .translateToCanonical(upstream)
        case .checkingPolicy(let source, let canonical, _): return .checkPolicy(canonical: canonical, owner: source, requester: requester)
        case .policyChecked(_, let canonical, _): return .render(canonical, into: requester.model)
        case .delivered(let document, _, _): return finish(.footprint(document))
        case .rejected(let rejection), .failed(let rejection), .expired(let rejection): return finish(rejection)
        }
    }

    /// The requester may ask the tenant. `received → authorised`; next: ``RelayAction/route(_:)``.
    public mutating func authorised(now: Date) throws(RelayTransitionError) -> RelayAction {
        if let expiry = try expireOrCheck(event: "authorised", now: now) { return expiry }
        guard case .received = state else { throw .wrongState(event: "authorised", state: state) }
        move(to: .authorised, now: now)
        return .route(query)
    }

    /// The footprint comes from `source`. `authorised → fetching` (attempt 1); next: ``RelayAction/fetch(source:query:attempt:attemptDeadline:)``.
    public mutating func routed(to source: RelaySource, now: Date) throws(RelayTransitionError) -> RelayAction {
        if let expiry = try expireOrCheck(event: "routed", now: now) { return expiry }
        guard case .authorised = state else { throw .wrongState(event: "routed", state: state) }
        move(to: .fetching(source: source, attempt: 1), now: now)
        return fetchAction(source: source, attempt: 1, now: now)
    }

    /// The fetch returned `document`, or a partner that answers later sent it. `fetching → translating`,
    /// and `backingOff → translating` for a late answer to an earlier attempt; next: ``RelayAction/translateToCanonical(_:)``.
    public mutating func fetched(_ document: RelayDocument, now: Date) throws(RelayTransitionError) -> RelayAction {
        if let expiry = try expireOrCheck(event: "fetched", now: now) { return expiry }
        guard let source = state.awaitedSource else { throw .wrongState(event: "fetched", state: state) }
        move(to: .translating(source: source, upstream: document), now: now)
        return .translateToCanonical(document)
    }

    /// The fetch failed. A transient failure with attempts and time left goes to `backingOff`
    /// (next: ``RelayAction/retry(at:)``, the wait drawn from `random`); otherwise the request
    /// ends: `rejected` when there is no such footprint, `failed` for other upstream trouble.
    public mutating func fetchFailed(
        _ failure: UpstreamFailure, now: Date, using random: inout some RandomNumberGenerator
    ) throws(RelayTransitionError) -> RelayAction {
        if let expiry = try expireOrCheck(event: "fetchFailed", now: now) { return expiry }
        guard case .fetching(let source, let attempt) = state else { throw .wrongState(event: "fetchFailed", state: state) }
        lastFailure = failure
        // The partner accepted this attempt: a passing failure of asking it again (a restart
        // resumes the fetch) leaves the request waiting for the answer, spending no attempt.
        if failure.isTransient, acceptedAttempt == attempt {
            updated = max(updated, now)
            return .awaitAnswer(until: deadline)
        }
        if failure.isTransient,
            let retryAt = retryPolicy.retryTime(afterAttempt: attempt, now: now, deadline: deadline, using: &random)
        {
            move(to: .backingOff(source: source, attempt: attempt, retryAt: retryAt), now: now)
            return .retry(at: retryAt)
        }
        let rejection = RelayRejection(upstream: failure, source: source, attempts: attempt)
        move(to: failure.kind == .notFound ? .rejected(rejection) : .failed(rejection), now: now)
        return finish(rejection)
    }

    /// The backoff is over. `backingOff → fetching` (the next attempt); next: ``RelayAction/fetch(source:query:attempt:attemptDeadline:)``.
    /// - Throws: not due when `now` is before the retry time.
    public mutating func retryDue(now: Date) throws(RelayTransitionError) -> RelayAction {
        if let expiry = try expireOrCheck(event: "retryDue", now: now) { return expiry }
        guard case .backingOff(let source, let attempt, let retryAt) = state else { throw .wrongState(event: "retryDue", state: state) }
        guard now >= retryAt else { throw .notDue(event: "retryDue", state: state) }
        move(to: .fetching(source: source, attempt: attempt + 1), now: now)
        return fetchAction(source: source, attempt: attempt + 1, now: now)
    }

    /// The footprint was translated into the canonical form by `mapping` (`nil` when it came canonical).
    /// `translating → checkingPolicy`; next: ``RelayAction/checkPolicy(canonical:owner:requester:)``.
    public mutating func translated(_ canonical: RelayDocument, mapping: MappingReference?, now: Date) throws(RelayTransitionError) -> RelayAction {
        if let expiry = try expireOrCheck(event: "translated", now: now) { return expiry }
        guard case .translating(let source, _) = state else { throw .wrongState(event: "translated", state: state) }
        move(to: .checkingPolicy(source: source, canonical: canonical, mapping: mapping), now: now)
        return .checkPolicy(canonical: canonical, owner: source, requester: requester)
    }

    /// The usage policy permits; `document` is the canonical footprint with the obligations applied.
    /// `checkingPolicy → policyChecked`; next: ``RelayAction/render(_:into:)``.
    public mutating func policyPermitted(
        _ document: RelayDocument, decision: PolicyDecisionReference, now: Date
    ) throws(RelayTransitionError) -> RelayAction {
        if let expiry = try expireOrCheck(event: "policyPermitted", now: now) { return expiry }
        guard case .checkingPolicy(let source, _, _) = state else { throw .wrongState(event: "policyPermitted", state: state) }
        move(to: .policyChecked(source: source, canonical: document, decision: decision), now: now)
        return .render(document, into: requester.model)
    }

    /// The footprint was rendered into the requester's model by `mapping`. `policyChecked → delivered`;
    /// next: ``RelayAction/finish(_:)`` with the footprint.
    public mutating func rendered(_ document: RelayDocument, mapping: MappingReference?, now: Date) throws(RelayTransitionError) -> RelayAction {
        if let expiry = try expireOrCheck(event: "rendered", now: now) { return expiry }
        guard case .policyChecked(_, let canonical, let decision) = state else { throw .wrongState(event: "rendered", state: state) }
        let id = canonical.json["id"]?.stringValue
        let footprint = id == nil && decision.policyFingerprint == nil ? nil : DeliveredFootprint(id: id, policyFingerprint: decision.policyFingerprint)
        move(to: .delivered(document: document, mapping: mapping, footprint: footprint), now: now)
        return finish(.footprint(document))
    }

    /// The gateway refuses the request (unauthorised, no route, policy prohibits, translation
    /// impossible...). Any non-terminal state `→ rejected`; next: ``RelayAction/finish(_:)`` with the refusal.
    public mutating func reject(_ rejection: RelayRejection, now: Date) throws(RelayTransitionError) -> RelayAction {
        if let expiry = try expireOrCheck(event: "reject", now: now) { return expiry }
        move(to: .rejected(rejection), now: now)
        return finish(rejection)
    }

    /// The shell's deadline timer fired. Any non-terminal state `→ expired`; next: ``RelayAction/finish(_:)``.
    /// - Throws: not due when `now` is before the deadline; wrong state when the request has ended.
    public mutating func deadlineReached(now: Date) throws(RelayTransitionError) -> RelayAction {
        guard !state.isTerminal else { throw .wrongState(event: "deadlineReached", state: state) }
        guard let expiry = expireIfDue(now: now) else { throw .notDue(event: "deadlineReached", state: state) }
        return expiry
    }

    // MARK: Answers

    /// The answer a terminal request sends, or `nil` while it is under way.
    public var answer: RelayAnswer? {
        switch state {
        case .delivered(let document, _, _):
            RelayAnswer(requestID: id, requester: requester, content: .footprint(document))
        case .rejected(let rejection), .failed(let rejection), .expired(let rejection):
            RelayAnswer(requestID: id, requester: requester, content: .rejection(rejection.answer(in: requester.protocol)))
        default:
            nil
        }
    }

    // MARK: Transitions

    /// Puts back what a stored snapshot recorded of the lifecycle (for ``init(snapshot:)``).
    mutating func restore(state: RelayState, updated: Date, lastFailure: UpstreamFailure?, acceptedAttempt: Int? = nil) {
        self.state = state
        self.updated = updated
        self.lastFailure = lastFailure
        self.acceptedAttempt = acceptedAttempt
    }

    private func finish(_ content: RelayAnswer.Content) -> RelayAction {
        .finish(RelayAnswer(requestID: id, requester: requester, content: content))
    }

    private func finish(_ rejection: RelayRejection) -> RelayAction {
        finish(.rejection(rejection.answer(in: requester.protocol)))
    }

    private mutating func move(to next: RelayState, now: Date) {
        state = next
        updated = max(updated, now)
    }

    private func fetchAction(source: RelaySource, attempt: Int, now: Date) -> RelayAction {
        .fetch(source: source, query: query, attempt: attempt, attemptDeadline: retryPolicy.attemptDeadline(startingAt: now, requestDeadline: deadline))
    }

    /// Refuses any event once the request has ended, and expires it when the deadline has passed.
    private mutating func expireOrCheck(event: String, now: Date) throws(RelayTransitionError) -> RelayAction? {
        guard !state.isTerminal else { throw .wrongState(event: event, state: state) }
        return expireIfDue(now: now)
    }

    private mutating func expireIfDue(now: Date) -> RelayAction? {
        guard !state.isTerminal, now >= deadline else { return nil }
        let seconds = Int(deadline.timeIntervalSince(received).rounded())
        var message = "no answer within the deadline of \(seconds) s, while \(activity)"
        var audit: JSONValue?
        if let lastFailure {
            // As in an upstream rejection: a connection failure's details stay in the audit trail.
            if lastFailure.kind == .unreachable {
                message += "; the partner could not be reached"
                audit = ["lastUpstreamFailure": .string(lastFailure.message)]
            } else {
                message += "; last upstream failure: \(lastFailure.message)"
            }
        }
        let rejection = RelayRejection(.expired, message, audit: audit)
        move(to: .expired(rejection), now: now)
        return finish(rejection)
    }

    /// What the request was doing, in words, for an expiry message.
    private var activity: String {
        switch state {
        case .received: "authorising the requester"
        case .authorised: "deciding where the footprint comes from"
        case .fetching(let source, let attempt): "fetching the footprint from \(source) (attempt \(attempt))"
        case .backingOff(let source, let attempt, _): "waiting to retry \(source) after attempt \(attempt)"
        case .translating(let source, _): "translating the footprint from \(source)"
        case .checkingPolicy: "checking the data owner's usage policy"
        case .policyChecked: "rendering the footprint into \(requester.model)"
        case .delivered, .rejected, .failed, .expired: "finishing"
        }
    }
}
