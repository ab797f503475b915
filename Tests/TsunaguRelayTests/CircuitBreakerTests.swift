import Foundation
import Testing
@testable import TsunaguRelay

@Suite struct CircuitBreakerTests {
    let t0 = Date(timeIntervalSince1970: 1000)

    func acquire(_ breaker: inout CircuitBreaker, _ now: Date) -> Bool { breaker.acquire(now: now) }

    @Test func opensAfterTheThresholdOfConsecutiveFailures() {
        var breaker = CircuitBreaker(failureThreshold: 3, openDuration: 30)
        for _ in 1...2 {
            #expect(acquire(&breaker, t0) == true)
            breaker.recordFailure(now: t0)
        }
        #expect(breaker.state == .closed(failures: 2))
        #expect(acquire(&breaker, t0) == true)
        breaker.recordFailure(now: t0)
        #expect(breaker.state == .open(until: t0.addingTimeInterval(30)))
        #expect(acquire(&breaker, t0.addingTimeInterval(29)) == false)
        #expect(breaker.retryAfter(now: t0.addingTimeInterval(29)) == t0.addingTimeInterval(30))
    }

    @Test func aSuccessResetsTheFailureCount() {
        var breaker = CircuitBreaker(failureThreshold: 2, openDuration: 30)
        breaker.recordFailure(now: t0)
        breaker.recordSuccess()
        breaker.recordFailure(now: t0)
        #expect(breaker.state == .closed(failures: 1))
    }

    @Test func afterTheOpenTimeOneProbeGoesThroughAndItsOutcomeDecides() {
        var breaker = CircuitBreaker(failureThreshold: 1, openDuration: 10)
        breaker.recordFailure(now: t0)
        let later = t0.addingTimeInterval(10)
        #expect(acquire(&breaker, later) == true)
        #expect(breaker.state == .halfOpen(probing: true))
        #expect(acquire(&breaker, later) == false)
        #expect(breaker.retryAfter(now: later) == nil)
        breaker.recordFailure(now: later)
        #expect(breaker.state == .open(until: later.addingTimeInterval(10)))
        #expect(acquire(&breaker, later.addingTimeInterval(10)) == true)
        breaker.recordSuccess()
        #expect(breaker.state == .closed(failures: 0))
        #expect(acquire(&breaker, later.addingTimeInterval(10)) == true)
    }

    /// A probe that was cancelled (or never made) tells nothing: the next call may probe, where
    /// the circuit would otherwise refuse every call for good.
    @Test func aProbeThatToldNothingLetsTheNextCallProbe() {
        var breaker = CircuitBreaker(failureThreshold: 1, openDuration: 10)
        breaker.recordFailure(now: t0)
        #expect(acquire(&breaker, t0.addingTimeInterval(11)) == true)
        #expect(acquire(&breaker, t0.addingTimeInterval(11)) == false, "one probe at a time")
        breaker.release()
        #expect(breaker.state == .halfOpen(probing: false))
        #expect(acquire(&breaker, t0.addingTimeInterval(12)) == true)
        breaker.recordSuccess()
        breaker.release()
        #expect(breaker.state == .closed(failures: 0), "releasing a closed circuit changes nothing")
    }
}
