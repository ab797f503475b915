import Foundation
import Testing
@testable import TsunaguRelay

@Suite struct PartnerCircuitsTests {
    let t0 = Date(timeIntervalSince1970: 1000)

    @Test func eachPartnerHasItsOwnCircuitAndOnlyTransientFailuresCount() {
        var circuits = PartnerCircuits(template: CircuitBreaker(failureThreshold: 2, openDuration: 10))
        circuits.record(partner: "a", failure: UpstreamFailure(.invalidAnswer, "garbage"), now: t0)
        circuits.record(partner: "a", failure: UpstreamFailure(.notFound, "404"), now: t0)
        #expect(circuits.state(of: "a") == .closed(failures: 0))
        circuits.record(partner: "a", failure: UpstreamFailure(.unreachable, "timeout"), now: t0)
        circuits.record(partner: "a", failure: UpstreamFailure(.unavailable, "HTTP 503"), now: t0)
        #expect(circuits.state(of: "a") == .open(until: t0.addingTimeInterval(10)))
        #expect(circuits.acquire(partner: "b", now: t0) == nil)
        let refusal = circuits.acquire(partner: "a", now: t0.addingTimeInterval(1))
        #expect(refusal?.isTransient == true)
        #expect(refusal?.message.contains("partner 'a' is open until") == true)
        #expect(circuits.acquire(partner: "a", now: t0.addingTimeInterval(10)) == nil)
        #expect(circuits.acquire(partner: "a", now: t0.addingTimeInterval(10))?.message.contains("probe") == true)
        circuits.record(partner: "a", failure: nil, now: t0.addingTimeInterval(11))
        #expect(circuits.state(of: "a") == .closed(failures: 0))
    }
}
