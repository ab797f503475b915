import Foundation
import TsunaguCore

/// One ``CircuitBreaker`` per partner, created on first use with the same settings. A value
/// type: keep it in the actor that calls partners.
public struct PartnerCircuits: Sendable {
    /// The settings every new breaker gets.
    public let template: CircuitBreaker
    private var breakers: [String: CircuitBreaker] = [:]

    /// Creates an empty set whose breakers copy `template`.
    public init(template: CircuitBreaker = CircuitBreaker()) {
        self.template = template
    }

    /// Asks to call `partner` at `now`. - Returns: `nil` when the call may go ahead, or the
    /// failure to report to the relay request (transient, so it backs off) when the circuit is open.
    public mutating func acquire(partner: String, now: Date) -> UpstreamFailure? {
        var breaker = breakers[partner] ?? template
        defer { breakers[partner] = breaker }
        guard !breaker.acquire(now: now) else { return nil }
        let until = breaker.retryAfter(now: now).map { " until \(Timestamp.format($0))" } ?? " while a probe call is in flight"
        return UpstreamFailure(.unavailable, "the circuit for partner '\(partner)' is open\(until) after repeated failures")
    }

    /// Reports the outcome of a call to `partner`: only transient failures count against the circuit.
    public mutating func record(partner: String, failure: UpstreamFailure?, now: Date) {
        var breaker = breakers[partner] ?? template
        if let failure, failure.isTransient { breaker.recordFailure(now: now) } else { breaker.recordSuccess() }
        breakers[partner] = breaker
    }

    /// Reports that an acquired call to `partner` told nothing about it (cancelled, never made).
    public mutating func release(partner: String) {
        guard var breaker = breakers[partner] else { return }
        breaker.release()
        breakers[partner] = breaker
    }

    /// The breaker state of `partner` (closed when it was never called).
    public func state(of partner: String) -> CircuitBreaker.State {
        (breakers[partner] ?? template).state
    }
}
