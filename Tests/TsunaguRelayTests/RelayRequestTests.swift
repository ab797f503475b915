import Foundation
import Testing
import TsunaguCore
@testable import TsunaguRelay
import TsunaguTestSupport

@Suite struct RelayRequestTests {
    typealias Event = @Sendable (inout RelayRequest, Date) throws(RelayTransitionError) -> RelayAction

    /// Every event the state machine knows, applied at a time before the deadline and after any backoff.
    static let events: [(name: String, apply: Event)] = [
        ("authorised", { (request, now) throws(RelayTransitionError) in try request.authorised(now: now) }),
        ("routed", { (request, now) throws(RelayTransitionError) in try request.routed(to: .partner("supplier"), now: now) }),
        ("fetched", { (request, now) throws(RelayTransitionError) in try request.fetched(Fixtures.upstreamDocument, now: now) }),
        ("fetchFailed", { (request, now) throws(RelayTransitionError) in
            var random = SeededRandom(seed: 1)
            return try request.fetchFailed(UpstreamFailure(.unreachable, "connection refused"), now: now, using: &random)
        }),
        ("retryDue", { (request, now) throws(RelayTransitionError) in try request.retryDue(now: now) }),
        ("translated", { (request, now) throws(RelayTransitionError) in try request.translated(Fixtures.canonical, mapping: Fixtures.mapping, now: now) }),
        ("policyPermitted", { (request, now) throws(RelayTransitionError) in
            try request.policyPermitted(Fixtures.canonical, decision: Fixtures.decision, now: now)
        }),
        ("rendered", { (request, now) throws(RelayTransitionError) in try request.rendered(Fixtures.rendered, mapping: nil, now: now) }),
        ("reject", { (request, now) throws(RelayTransitionError) in try request.reject(RelayRejection(.policyProhibited, "no"), now: now) }),
        ("deadlineReached", { (request, now) throws(RelayTransitionError) in try request.deadlineReached(now: now) }),
    ]

    /// A request brought into each state through the events alone.
    static func request(in state: String) throws -> RelayRequest {
        var request = Fixtures.request()
        var random = SeededRandom(seed: 7)
        let t = Fixtures.at(1)
        switch state {
        case "received": break
        case "authorised": _ = try request.authorised(now: t)
        case "fetching", "backingOff", "translating", "checkingPolicy", "policyChecked", "delivered", "failed":
            _ = try request.authorised(now: t)
            _ = try request.routed(to: .partner("supplier"), now: t)
            switch state {
            case "backingOff": _ = try request.fetchFailed(UpstreamFailure(.unavailable, "HTTP 503"), now: t, using: &random)
            case "failed": _ = try request.fetchFailed(UpstreamFailure(.invalidAnswer, "not JSON"), now: t, using: &random)
            case "translating", "checkingPolicy", "policyChecked", "delivered":
                _ = try request.fetched(Fixtures.upstreamDocument, now: t)
                if state != "translating" { _ = try request.translated(Fixtures.canonical, mapping: Fixtures.mapping, now: t) }
                if state == "policyChecked" || state == "delivered" {
                    _ = try request.policyPermitted(Fixtures.canonical, decision: Fixtures.decision, now: t)
                }
                if state == "delivered" { _ = try request.rendered(Fixtures.rendered, mapping: nil, now: t) }
            default: break
            }
        case "rejected": _ = try request.reject(RelayRejection(.unauthorised, "unknown client"), now: t)
        case "expired": _ = try request.deadlineReached(now: Fixtures.at(60))
        default: Issue.record("unknown state \(state)")
        }
        #expect(request.state.name == state)
        return request
    }

    static let states = [
        "received", "authorised", "fetching", "backingOff", "translating", "checkingPolicy", "policyChecked",
        "delivered", "rejected", "failed", "expired",
    ]

    /// The only (state, event) pairs that apply, and the state each leads to.
    static let transitions: [String: [String: String]] = [
        "received": ["authorised": "authorised", "reject": "rejected"],
        "authorised": ["routed": "fetching", "reject": "rejected"],
        "fetching": ["fetched": "translating", "fetchFailed": "backingOff", "reject": "rejected"],
        "backingOff": ["retryDue": "fetching", "fetched": "translating", "reject": "rejected"],
        "translating": ["translated": "checkingPolicy", "reject": "rejected"],
        "checkingPolicy": ["policyPermitted": "policyChecked", "reject": "rejected"],
        "policyChecked": ["rendered": "delivered", "reject": "rejected"],
    ]

    @Test(arguments: states)
    func everyEventInEveryStateEitherMovesAsSpecifiedOrIsRefusedWithoutChange(state: String) throws {
        for event in Self.events {
            var request = try Self.request(in: state)
            let before = request
            do {
                let action = try event.apply(&request, Fixtures.at(10))
                let expected = Self.transitions[state]?[event.name]
                #expect(expected == request.state.name, "\(event.name) in \(state) led to \(request.state.name)")
                #expect(request.updated == Fixtures.at(10))
                if request.state.isTerminal {
                    #expect(action == .finish(try #require(request.answer)))
                }
            } catch let error as RelayTransitionError {
                #expect(Self.transitions[state]?[event.name] == nil, "\(event.name) in \(state) was refused: \(error)")
                #expect(request == before, "a refused event changed the request")
                #expect(error.state == state)
                #expect(error.event == event.name)
                #expect(error.isNotDue == (event.name == "deadlineReached" && !before.state.isTerminal))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test(arguments: states)
    func everyEventAtOrAfterTheDeadlineExpiresAnUnfinishedRequestAndIsRefusedByAFinishedOne(state: String) throws {
        for event in Self.events {
            var request = try Self.request(in: state)
            let before = request
            do {
                let action = try event.apply(&request, Fixtures.at(60))
                #expect(!before.state.isTerminal, "\(event.name) applied to the finished request in \(state)")
                #expect(request.state.name == "expired")
                #expect(request.state.rejection?.answer(in: .catenaX) == .catenaX(status: 504, message: request.state.rejection?.message ?? ""))
                #expect(action == .finish(try #require(request.answer)))
            } catch let error as RelayTransitionError {
                #expect(before.state.isTerminal, "\(event.name) in \(state) was refused: \(error)")
                #expect(request == before)
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func theHappyPathAsksForEachStepInTurnAndDeliversInTheRequestersModel() throws {
        var request = Fixtures.request()
        #expect(request.resume(now: Fixtures.at(0)) == .authorise(Fixtures.catenaXRequester))
        #expect(try request.authorised(now: Fixtures.at(1)) == .route(Fixtures.query))
        #expect(
            try request.routed(to: .partner("supplier"), now: Fixtures.at(2))
                == .fetch(source: .partner("supplier"), query: Fixtures.query, attempt: 1, attemptDeadline: Fixtures.at(7))
        )
        #expect(try request.fetched(Fixtures.upstreamDocument, now: Fixtures.at(3)) == .translateToCanonical(Fixtures.upstreamDocument))
        #expect(
            try request.translated(Fixtures.canonical, mapping: Fixtures.mapping, now: Fixtures.at(4))
                == .checkPolicy(canonical: Fixtures.canonical, owner: .partner("supplier"), requester: Fixtures.catenaXRequester)
        )
        #expect(try request.policyPermitted(Fixtures.canonical, decision: Fixtures.decision, now: Fixtures.at(5)) == .render(Fixtures.canonical, into: .catenaX9))
        let answer = RelayAnswer(requestID: "relay-1", requester: Fixtures.catenaXRequester, content: .footprint(Fixtures.rendered))
        #expect(try request.rendered(Fixtures.rendered, mapping: Fixtures.mapping, now: Fixtures.at(6)) == .finish(answer))
        #expect(request.state == .delivered(document: Fixtures.rendered, mapping: Fixtures.mapping, footprint: DeliveredFootprint(id: "fp-1", policyFingerprint: "fnv1a64:policies")))
        #expect(request.answer == answer)
    }

    @Test func transientFailuresAreRetriedWithGrowingJitteredBackoffThenFail() throws {
        var request = try Self.request(in: "fetching")
        var random = SeededRandom(seed: 42)
        var now = Fixtures.at(1)
        var waits: [TimeInterval] = []
        for attempt in 1...2 {
            let action = try request.fetchFailed(UpstreamFailure(.unavailable, "HTTP 503"), now: now, using: &random)
            guard case .retry(let retryAt) = action else {
                Issue.record("attempt \(attempt) was not retried: \(action)")
                return
            }
            waits.append(retryAt.timeIntervalSince(now))
            #expect(throws: RelayTransitionError.self) { try request.retryDue(now: retryAt.addingTimeInterval(-0.01)) }
            now = retryAt
            guard case .fetch(_, _, let next, _) = try request.retryDue(now: now) else {
                Issue.record("no fetch after the backoff")
                return
            }
            #expect(next == attempt + 1)
        }
        #expect(waits[0] >= 0.5 && waits[0] <= 1)
        #expect(waits[1] >= 1 && waits[1] <= 2)
        let last = try request.fetchFailed(UpstreamFailure(.unavailable, "HTTP 503"), now: now, using: &random)
        guard case .failed(let rejection) = request.state else {
            Issue.record("expected failed, got \(request.state)")
            return
        }
        #expect(rejection.reason == .upstreamUnavailable)
        #expect(rejection.message == "partner 'supplier' could not serve the footprint after 3 attempts: HTTP 503")
        #expect(last == .finish(RelayAnswer(requestID: "relay-1", requester: Fixtures.catenaXRequester, content: .rejection(.catenaX(status: 503, message: rejection.message)))))
    }

    @Test func noRetryIsScheduledPastTheDeadline() throws {
        var request = Fixtures.request(deadline: 2)
        _ = try request.authorised(now: Fixtures.at(0))
        _ = try request.routed(to: .tenantStore, now: Fixtures.at(0))
        var random = SeededRandom(seed: 3)
        _ = try request.fetchFailed(UpstreamFailure(.unreachable, "timed out after 1.5 s"), now: Fixtures.at(1.5), using: &random)
        #expect(request.state.rejection?.reason == .upstreamUnavailable)
        #expect(request.state.name == "failed")
    }

    @Test func permanentFailuresEndAtOnceAndNotFoundIsARejection() throws {
        var random = SeededRandom(seed: 5)
        var garbage = try Self.request(in: "fetching")
        _ = try garbage.fetchFailed(UpstreamFailure(.invalidAnswer, "body is not JSON"), now: Fixtures.at(2), using: &random)
        #expect(garbage.state == .failed(RelayRejection(.upstreamInvalid, "partner 'supplier' answered with an invalid footprint: body is not JSON")))
        var missing = try Self.request(in: "fetching")
        _ = try missing.fetchFailed(UpstreamFailure(.notFound, "HTTP 404"), now: Fixtures.at(2), using: &random)
        #expect(missing.state.name == "rejected")
        #expect(missing.state.rejection?.reason == .notFound)
        var refused = try Self.request(in: "fetching")
        _ = try refused.fetchFailed(UpstreamFailure(.refused, "HTTP 403"), now: Fixtures.at(2), using: &random)
        #expect(refused.state.rejection?.reason == .upstreamRefused)
    }

    @Test func anEventAfterTheDeadlineExpiresTheRequestAndSaysWhatHappenedUpstream() throws {
        var request = try Self.request(in: "backingOff")
        let action = try request.retryDue(now: Fixtures.at(61))
        guard case .expired(let rejection) = request.state else {
            Issue.record("expected expired, got \(request.state)")
            return
        }
        #expect(rejection.message == "no answer within the deadline of 60 s, while waiting to retry partner 'supplier' after attempt 1; last upstream failure: HTTP 503")
        #expect(action == .finish(try #require(request.answer)))
    }

    @Test func theDeadlineTimerExpiresOnlyWhenDue() throws {
        var request = try Self.request(in: "translating")
        #expect(throws: RelayTransitionError.notDue(event: "deadlineReached", state: request.state)) { try request.deadlineReached(now: Fixtures.at(59)) }
        _ = try request.deadlineReached(now: Fixtures.at(60))
        #expect(request.state.rejection?.reason == .expired)
        #expect(request.state.rejection?.message.contains("translating the footprint from partner 'supplier'") == true)
    }

    @Test(arguments: states)
    func resumingRepeatsThePendingStep(state: String) throws {
        var request = try Self.request(in: state)
        let action = request.resume(now: Fixtures.at(20))
        switch state {
        case "received": #expect(action == .authorise(Fixtures.catenaXRequester))
        case "authorised": #expect(action == .route(Fixtures.query))
        case "fetching": #expect(action == .fetch(source: .partner("supplier"), query: Fixtures.query, attempt: 1, attemptDeadline: Fixtures.at(25)))
        case "backingOff":
            guard case .retry = action else { Issue.record("expected a retry, got \(action)"); return }
        case "translating": #expect(action == .translateToCanonical(Fixtures.upstreamDocument))
        case "checkingPolicy": #expect(action == .checkPolicy(canonical: Fixtures.canonical, owner: .partner("supplier"), requester: Fixtures.catenaXRequester))
        case "policyChecked": #expect(action == .render(Fixtures.canonical, into: .catenaX9))
        default: #expect(action == .finish(try #require(request.answer)))
        }
    }

    @Test func resumingAfterTheDeadlineExpires() throws {
        var request = try Self.request(in: "fetching")
        let action = request.resume(now: Fixtures.at(90))
        #expect(request.state.name == "expired")
        #expect(action == .finish(try #require(request.answer)))
    }

    @Test func theAttemptDeadlineNeverPassesTheRequestDeadline() throws {
        var request = Fixtures.request(deadline: 3)
        _ = try request.authorised(now: Fixtures.at(0))
        let action = try request.routed(to: .tenantStore, now: Fixtures.at(1))
        #expect(action == .fetch(source: .tenantStore, query: Fixtures.query, attempt: 1, attemptDeadline: Fixtures.at(3)))
    }

    @Test func rejectionsAreAnsweredInTheRequestersProtocol() throws {
        let pact = RelayRequester(protocol: .pactV2, identity: "client-1", model: .pact23, replyAddress: .pactEvents(baseURL: "https://r.example", requestEventID: "e-1"))
        var request = Fixtures.request(requester: pact)
        _ = try request.authorised(now: Fixtures.at(1))
        let action = try request.reject(RelayRejection(.notFound, "no rule routes urn:gtin:4012345000017"), now: Fixtures.at(2))
        let answer = RelayAnswer(requestID: "relay-1", requester: pact, content: .rejection(.pact(code: "NotFound", message: "no rule routes urn:gtin:4012345000017")))
        #expect(action == .finish(answer))
    }

    /// A partner that accepted an attempt answers later: asking it again after a restart and
    /// failing for a moment spends no attempt and keeps the request waiting; a final refusal
    /// (an Ouranos trade sent back) still ends it.
    @Test func anAcceptedAttemptIsNotSpentByAPassingFailure() throws {
        var request = try Self.request(in: "fetching")
        var random = SeededRandom(seed: 9)
        let waiting = try request.acceptedLater(attempt: 1, until: Fixtures.at(3600), now: Fixtures.at(2))
        #expect(waiting == .awaitAnswer(until: Fixtures.at(3600)))
        #expect(request.acceptedAttempt == 1)
        let again = try request.fetchFailed(UpstreamFailure(.unreachable, "connection refused"), now: Fixtures.at(100), using: &random)
        #expect(again == .awaitAnswer(until: Fixtures.at(3600)))
        #expect(request.state == .fetching(source: .partner("supplier"), attempt: 1))
        #expect(try RelayRequest(stored: request.stored()) == request, "the acceptance is kept in the snapshot")
        _ = try request.fetchFailed(UpstreamFailure(.refused, "partner 'supplier' sent the trade request back"), now: Fixtures.at(200), using: &random)
        #expect(request.state.name == "failed")

        var other = try Self.request(in: "fetching")
        #expect(throws: RelayTransitionError.self) { try other.acceptedLater(attempt: 2, until: Fixtures.at(3600), now: Fixtures.at(2)) }
        #expect(other.acceptedAttempt == nil)
    }
}
