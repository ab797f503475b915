import Foundation
import Logging
import TsunaguCore
import TsunaguRelay
import TsunaguStore

/// Applying events: each request's events one at a time, every step recorded before the next action.
extension RelayWorker {
    /// Applies `event` after every event already queued for the request.
    func enqueue(_ id: String, _ event: RelayEvent) -> Task<EventOutcome, Never> {
        // An event for a request that is not under way (a timer or a late answer after its end)
        // applies to nothing; it is not queued, which would keep a tail for it forever.
        guard live[id] != nil || tails[id] != nil else { return Task { .notApplicable } }
        // A stopped worker takes no event; the request stays at its last recorded step and goes on
        // after a restart, so its sender is told to send again.
        guard !stopped else { return Task { .notRecorded } }
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
    /// one transaction before the next action starts. `reconciling` when the request was just
    /// taken up as stored after the store refused a step (see ``applyToStored(_:id:)``).
    private func apply(_ event: RelayEvent, to id: String, reconciling: Bool = false) async -> EventOutcome {
        guard var entry = live[id] else { return .notApplicable }
        // An event queued before the worker stopped records nothing after (see ``stop()``).
        guard !stopped else { return .notRecorded }
        let start = entry.request
        let chain = advance(&entry.request, by: event)
        guard let action = chain.action else {
            logger.debug("relay event dropped", metadata: ["request": "\(id)", "state": "\(start.state.name)"])
            return .notApplicable
        }
        var answers: [OutboxMessage] = []
        var sending: Task<[DeliveryFailure?], Never>?
        if !chain.steps.isEmpty {
            let pending = messages(after: action, for: entry.request)
            // What the answer's send needs is read before the commit; the answer leaves only once
            // the commit recorded it (see ``RelayAnswerDelivery``).
            let prepared = await prepare(pending)
            do {
                guard let recorded = try await dependencies.store.record(
                    entry.request, steps: chain.steps, version: entry.version, answers: pending, claimingAnswers: prepared != nil
                ) else {
                    end(id, entry.request)
                    return .notApplicable
                }
                entry.version = recorded.version
                answers = recorded.answers
                // Answers that wait behind an earlier message to their receiver are the queue's.
                sending = recorded.waiting ? nil : prepared?.start()
            } catch where error.isConflict && !reconciling {
                return await applyToStored(event, id: id)
            } catch {
                // The request stays at its last recorded step, with its timers and waiters, and
                // goes on from there shortly: a store that failed for a moment (a lock held by
                // another process, a full disk freed) loses no request until a restart, and sends
                // nothing it has not recorded.
                logger.error(
                    "relay step could not be recorded; the request goes on from its last recorded step in \(Self.unrecordedRetryDelay) s",
                    metadata: ["request": "\(id)", "error": "\(error)"]
                )
                Task {
                    try? await Task.sleep(for: .seconds(Self.unrecordedRetryDelay))
                    _ = self.enqueue(id, .resume)
                }
                return .notRecorded
            }
        }
        // The next action (the answer's delivery, an upstream call) starts before the audit
        // entries are prepared, which only have to follow the steps recorded in the store.
        defer { audit(chain.audited.map { ($0, "relay.\($0.state.name)") }) }
        if entry.request.state.isTerminal {
            end(id, entry.request)
            deliver(answers, attempt: sending)
            // A partner's document that came as the deadline passed ended the request expired:
            // it was not taken, and its sender is told so.
            if case .delivered = event, case .expired = entry.request.state { return .notApplicable }
            return .applied
        }
        live[id] = entry
        // A step recorded while the worker stopped starts no action: the restart takes it up.
        if !stopped { perform(action, for: entry.request) }
        return .applied
    }

    /// Applies `event` to the request as the store holds it, after the store refused a step because
    /// it holds a later version: a commit that went through although the store reported a failure,
    /// or another process writing the same database. Writing at this worker's version again could
    /// never succeed; the request goes on from its stored step instead. A request the store holds
    /// finished ends here (its answers were enqueued when it finished).
    private func applyToStored(_ event: RelayEvent, id: String) async -> EventOutcome {
        guard let current = live[id] else { return .notApplicable }
        let stored: StoredRelayRequest?
        do {
            stored = try await dependencies.store.relayRequest(id: id)
        } catch {
            logger.error("relay request could not be read again after a conflict; trying again in \(Self.unrecordedRetryDelay) s", metadata: ["request": "\(id)", "error": "\(error)"])
            Task {
                try? await Task.sleep(for: .seconds(Self.unrecordedRetryDelay))
                _ = self.enqueue(id, .resume)
            }
            return .notRecorded
        }
        guard !stopped else { return .notRecorded }
        guard let stored, let request = try? RelayRequest(stored: stored) else {
            logger.error("relay request changed in the store and cannot be read there; left for an operator", metadata: ["request": "\(id)"])
            end(id, current.request)
            return .notApplicable
        }
        logger.warning(
            "relay request is further along in the store than here; it goes on from its stored step",
            metadata: ["request": "\(id)", "here": "\(current.request.state.name)@\(current.version)", "stored": "\(stored.state)@\(stored.version)"]
        )
        if stored.isFinished {
            end(id, request)
            return .notApplicable
        }
        live[id] = Live(request: request, version: stored.version)
        timers.removeValue(forKey: id)?.cancel()
        startDeadlineTimer(for: request)
        let outcome = await apply(event, to: id, reconciling: true)
        // An event that no longer fits the stored step leaves that step's action to be taken.
        if outcome == .notApplicable, live[id] != nil { _ = enqueue(id, .resume) }
        return outcome
    }

    /// Seconds before a request whose step could not be recorded goes on from its last recorded step.
    public static let unrecordedRetryDelay = 2

    /// The steps of a request taken by `event` and every step after it that needs nothing from
    /// outside the worker; `authorisation` is the outcome of checking the requester when known.
    /// - Returns: the next action (`nil` when the event no longer fits), the transitions to
    ///   record, and the request after each step, for the audit trail.
    func advance(
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
                    detail: Self.recordedDetail(of: request)
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
    func messages(after action: RelayAction?, for request: RelayRequest) -> [NewOutboxMessage] {
        guard request.state.isTerminal, case .finish(let answer)? = action, let channel = dependencies.channels[answer.requester.protocol] else { return [] }
        var messages = channel.messages(for: answer, tenant: request.tenant)
        // A footprint still queued when the tenant's policies change is not sent as it is.
        if case .footprint = answer.content {
            // The policies the release was decided under; a request decided before they were kept
            // takes those in force now.
            var fingerprint = dependencies.rules.snapshot.policies.fingerprint(ofTenant: request.tenant)
            if case .delivered(_, _, let footprint) = request.state, let decided = footprint?.policyFingerprint { fingerprint = decided }
            for index in messages.indices { messages[index].policyFingerprint = fingerprint }
        }
        return messages
    }

    /// The attempts at sending a finished request's answers, with what they need from the store
    /// read; `nil` when there are none or the outbox finds them itself.
    func prepare(_ answers: [NewOutboxMessage]) async -> PreparedAnswers? {
        guard !answers.isEmpty, let delivery = dependencies.delivery else { return nil }
        return await delivery.prepare(answers)
    }

    /// Hands the outcome of `attempt` on the just-enqueued `answers` to the delivery, off the worker.
    func deliver(_ answers: [OutboxMessage], attempt: Task<[DeliveryFailure?], Never>?) {
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
            guard let origin = owner == .tenantStore ? DataEcosystem.origin(of: canonical.json, in: dependencies.rules.snapshot.catalog) : origins[request.id] else { return nil }
            return steps.checkPolicy(canonical, tenant: request.tenant, owner: owner, origin: origin, requester: requester, now: Date(), query: request.query)
        case .render(let canonical, let model):
            return steps.render(canonical, into: model)
        case .authorise, .fetch, .awaitAnswer, .retry, .finish:
            return nil
        }
    }

    private func end(_ id: String, _ request: RelayRequest) {
        if live.removeValue(forKey: id) != nil { release(Self.requesterKey(request)) }
        tails[id] = nil
        origins[id] = nil
        timers.removeValue(forKey: id)?.cancel()
        for waiter in finishedWaiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: request) }
    }
}

/// What became of an event sent to a request.
public enum EventOutcome: Sendable, Equatable {
    /// The request took it, and its steps are recorded.
    case applied
    /// The request is not under way here, or no longer waits for such an event.
    case notApplicable
    /// The request took it but the store could not record the steps: the request stays at its last
    /// recorded step (the sender may send it again).
    case notRecorded
}
