import Foundation
import Testing
@testable import TsunaguRelay
import TsunaguTestSupport

@Suite struct RetryPolicyTests {
    @Test func backoffGrowsExponentiallyUpToTheCapWithoutJitter() {
        let policy = RetryPolicy(maxAttempts: 10, initialBackoff: 0.5, multiplier: 2, maxBackoff: 3, jitter: 0)
        var random = SeededRandom(seed: 1)
        let waits = (1...5).map { policy.backoff(afterAttempt: $0, using: &random) }
        #expect(waits == [0.5, 1, 2, 3, 3])
    }

    @Test func jitterStaysWithinItsFractionAndIsReproducibleFromTheSeed() {
        let policy = RetryPolicy(initialBackoff: 2, multiplier: 1, maxBackoff: 2, jitter: 0.25)
        var first = SeededRandom(seed: 9)
        var second = SeededRandom(seed: 9)
        let waits = (0..<200).map { _ in policy.backoff(afterAttempt: 1, using: &first) }
        #expect(waits.allSatisfy { $0 >= 1.5 && $0 <= 2 })
        #expect(Set(waits).count > 100)
        #expect(waits == (0..<200).map { _ in policy.backoff(afterAttempt: 1, using: &second) })
    }

    @Test func noRetryOnceAttemptsAreUsedOrTheDeadlineWouldPass() {
        let policy = RetryPolicy(maxAttempts: 3, initialBackoff: 1, multiplier: 2, maxBackoff: 10, jitter: 0)
        var random = SeededRandom(seed: 2)
        let now = Date(timeIntervalSince1970: 1000)
        #expect(policy.retryTime(afterAttempt: 1, now: now, deadline: now.addingTimeInterval(60), using: &random) == now.addingTimeInterval(1))
        #expect(policy.retryTime(afterAttempt: 2, now: now, deadline: now.addingTimeInterval(60), using: &random) == now.addingTimeInterval(2))
        #expect(policy.retryTime(afterAttempt: 3, now: now, deadline: now.addingTimeInterval(60), using: &random) == nil)
        #expect(policy.retryTime(afterAttempt: 2, now: now, deadline: now.addingTimeInterval(2), using: &random) == nil)
    }

    @Test func anAttemptEndsAtItsTimeoutOrTheRequestDeadline() {
        let policy = RetryPolicy(attemptTimeout: 5)
        let now = Date(timeIntervalSince1970: 1000)
        #expect(policy.attemptDeadline(startingAt: now, requestDeadline: now.addingTimeInterval(60)) == now.addingTimeInterval(5))
        #expect(policy.attemptDeadline(startingAt: now, requestDeadline: now.addingTimeInterval(3)) == now.addingTimeInterval(3))
    }

    @Test func outOfRangeSettingsAreClamped() {
        let policy = RetryPolicy(maxAttempts: 0, attemptTimeout: -1, initialBackoff: -1, multiplier: 0.5, maxBackoff: -2, jitter: 3)
        #expect(policy.maxAttempts == 1 && policy.attemptTimeout == 0 && policy.initialBackoff == 0)
        #expect(policy.multiplier == 1 && policy.maxBackoff == 0 && policy.jitter == 1)
    }
}
