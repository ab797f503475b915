import Foundation
import TsunaguRelay

/// An outcome the relay worker reports back to a request's state machine: one case per event
/// of ``RelayRequest``, plus `resume` for a request just accepted or loaded at start-up.
enum RelayEvent: Sendable {
    case resume
    case authorised
    case routed(RelaySource)
    /// The fetch of attempt `attempt` returned a document.
    case fetched(RelayDocument, attempt: Int)
    /// A partner that answers later sent the document, answering whichever attempt asked it.
    case delivered(RelayDocument)
    /// The partner asked in attempt `attempt` accepted the request and answers later; the request
    /// waits for it up to `wait` seconds after it was received (`nil`: until its own deadline).
    case acceptedLater(attempt: Int, wait: TimeInterval?)
    /// The fetch of attempt `attempt` failed.
    case fetchFailed(UpstreamFailure, attempt: Int)
    case retryDue
    case translated(RelayDocument, mapping: MappingReference?)
    case policyPermitted(RelayDocument, decision: PolicyDecisionReference)
    case rendered(RelayDocument, mapping: MappingReference?)
    case reject(RelayRejection)
    case deadlineReached

    /// Applies the event to `request` and returns the next action, or `nil` when the event no
    /// longer fits (a late answer for an attempt that was given up, a timer for a request that
    /// has moved on): such events are dropped.
    func apply(to request: inout RelayRequest, now: Date, random: inout some RandomNumberGenerator) -> RelayAction? {
        do {
            switch self {
            case .resume: return request.resume(now: now)
            case .authorised: return try request.authorised(now: now)
            case .routed(let source): return try request.routed(to: source, now: now)
            case .fetched(let document, let attempt):
                guard request.isFetching(attempt: attempt) else { return nil }
                return try request.fetched(document, now: now)
            case .delivered(let document):
                return try request.fetched(document, now: now)
            case .acceptedLater(let attempt, let wait):
                return try request.acceptedLater(attempt: attempt, until: wait.map(request.received.addingTimeInterval) ?? request.deadline, now: now)
            case .fetchFailed(let failure, let attempt):
                guard request.isFetching(attempt: attempt) else { return nil }
                return try request.fetchFailed(failure, now: now, using: &random)
            case .retryDue: return try request.retryDue(now: now)
            case .translated(let document, let mapping): return try request.translated(document, mapping: mapping, now: now)
            case .policyPermitted(let document, let decision): return try request.policyPermitted(document, decision: decision, now: now)
            case .rendered(let document, let mapping): return try request.rendered(document, mapping: mapping, now: now)
            case .reject(let rejection): return try request.reject(rejection, now: now)
            case .deadlineReached: return try request.deadlineReached(now: now)
            }
        } catch {
            return nil
        }
    }
}

extension RelayRequest {
    /// Whether the request waits for the fetch of attempt `attempt`.
    func isFetching(attempt: Int) -> Bool {
        if case .fetching(_, let current) = state { return current == attempt }
        return false
    }
}
