import Foundation

/// A circuit breaker for one partner: after repeated failures it stops calls for a while, then
/// lets one probe through to see whether the partner recovered.
///
/// A value type with the clock passed to every call, so its behaviour is deterministic. Keep one
/// per partner (a dictionary keyed by partner name in the actor that calls partners).
public struct CircuitBreaker: Sendable, Hashable {
    /// The breaker's state.
    public enum State: Sendable, Hashable {
        /// Calls go through; `failures` consecutive failures so far.
        case closed(failures: Int)
        /// Calls are refused until `until`.
        case open(until: Date)
        /// One probe call may go through; `probing` while it is in flight.
        case halfOpen(probing: Bool)
    }

    /// How many consecutive failures open the circuit.
    public let failureThreshold: Int
    /// How long the circuit stays open before a probe is allowed.
    public let openDuration: TimeInterval
    /// The current state (as of the last call; an open circuit whose time is up becomes
    /// half-open at the next ``acquire(now:)``).
    public private(set) var state: State = .closed(failures: 0)

    /// Creates a closed breaker.
    public init(failureThreshold: Int = 5, openDuration: TimeInterval = 30) {
        self.failureThreshold = max(1, failureThreshold)
        self.openDuration = max(0, openDuration)
    }

    /// Asks to make a call at `now`. - Returns: `true` when the call may go ahead; the caller
    /// then reports its outcome with ``recordSuccess()`` or ``recordFailure(now:)``.
    public mutating func acquire(now: Date) -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen(probing: true)
            return true
        case .halfOpen(let probing):
            guard !probing else { return false }
            state = .halfOpen(probing: true)
            return true
        }
    }

    /// When a refused call could next be allowed, or `nil` when calls are allowed now or a probe is in flight.
    public func retryAfter(now: Date) -> Date? {
        if case .open(let until) = state, now < until { return until }
        return nil
    }

    /// Reports that a call allowed by ``acquire(now:)`` told nothing about the partner (it was
    /// cancelled, or never made): a probe in flight is given up, so the next call may probe.
    public mutating func release() {
        if case .halfOpen(probing: true) = state { state = .halfOpen(probing: false) }
    }

    /// Reports a successful call: the circuit closes.
    public mutating func recordSuccess() {
        state = .closed(failures: 0)
    }

    /// Reports a failed call at `now`: a failed probe, or the threshold-th consecutive failure, opens the circuit.
    public mutating func recordFailure(now: Date) {
        switch state {
        case .closed(let failures):
            state = failures + 1 >= failureThreshold ? .open(until: now.addingTimeInterval(openDuration)) : .closed(failures: failures + 1)
        case .halfOpen, .open:
            state = .open(until: now.addingTimeInterval(openDuration))
        }
    }
}
