import Foundation

/// How a relay request retries transient upstream failures: how many attempts, how long each
/// may take, and the exponential backoff with jitter between them.
///
/// Deterministic: the random source is passed in, so tests use a seeded generator.
public struct RetryPolicy: Sendable, Hashable, Codable {
    /// The most attempts a request makes (the first included); at least 1.
    public let maxAttempts: Int
    /// The longest one attempt may take (the request's deadline may cut it shorter).
    public let attemptTimeout: TimeInterval
    /// The wait after the first failed attempt, before jitter.
    public let initialBackoff: TimeInterval
    /// The factor each further wait grows by.
    public let multiplier: Double
    /// The longest wait, before jitter.
    public let maxBackoff: TimeInterval
    /// The fraction of each wait that is random (0: none, 1: anywhere between 0 and the wait),
    /// so that requests failing together do not retry together.
    public let jitter: Double

    /// Creates a policy; out-of-range values are clamped (at least one attempt, jitter in 0...1,
    /// no negative durations, a multiplier of at least 1).
    public init(
        maxAttempts: Int = 4, attemptTimeout: TimeInterval = 10, initialBackoff: TimeInterval = 0.2,
        multiplier: Double = 2, maxBackoff: TimeInterval = 5, jitter: Double = 0.5
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.attemptTimeout = max(0, attemptTimeout)
        self.initialBackoff = max(0, initialBackoff)
        self.multiplier = max(1, multiplier)
        self.maxBackoff = max(0, maxBackoff)
        self.jitter = min(1, max(0, jitter))
    }

    /// The wait after failed attempt number `attempt` (1-based): `initialBackoff × multiplier^(attempt−1)`,
    /// capped at `maxBackoff`, of which the `jitter` fraction is drawn at random.
    public func backoff(afterAttempt attempt: Int, using random: inout some RandomNumberGenerator) -> TimeInterval {
        let exponent = Double(max(0, attempt - 1))
        let base = min(maxBackoff, initialBackoff * pow(multiplier, exponent))
        guard jitter > 0, base > 0 else { return base }
        return base * (1 - jitter) + base * jitter * Double.random(in: 0...1, using: &random)
    }

    /// When to retry after failed attempt number `attempt`, or `nil` when the request must not:
    /// every attempt is used, or the retry (with a minimal attempt after it) would not start before `deadline`.
    public func retryTime(
        afterAttempt attempt: Int, now: Date, deadline: Date, using random: inout some RandomNumberGenerator
    ) -> Date? {
        guard attempt < maxAttempts else { return nil }
        let retryAt = now.addingTimeInterval(backoff(afterAttempt: attempt, using: &random))
        return retryAt < deadline ? retryAt : nil
    }

    /// When the attempt starting at `now` must give up: after `attemptTimeout`, or at the deadline if sooner.
    public func attemptDeadline(startingAt now: Date, requestDeadline: Date) -> Date {
        min(now.addingTimeInterval(attemptTimeout), requestDeadline)
    }
}
