import Foundation
import Testing
import TsunaguCore
import TsunaguStore
@testable import TsunaguRelay
import TsunaguTestSupport

@Suite struct RelayStoreRequestsTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-relay-\(UUID().uuidString).sqlite").path

    func store() async throws -> SQLiteStore {
        let store = try SQLiteStore(path: path)
        if try await store.tenant(named: "acme") == nil { _ = try await store.addTenant(named: "acme", now: Fixtures.start) }
        return store
    }

    @Test func aWorkerResumesUnfinishedRequestsAfterARestartAndFinishesEachOnce() async throws {
        do {
            let store = try await store()
            var request = Fixtures.request()
            var version = try await store.insert(request)
            let previous = request.state
            _ = try request.authorised(now: Fixtures.at(1))
            version = try #require(try await store.record(request, from: previous, version: version))
            #expect(version == 2)
        }
        let reopened = try await store()
        let recovery = try await reopened.recoverRelayRequests()
        #expect(recovery.unreadable.isEmpty)
        var (request, version) = try #require(recovery.requests.first)
        #expect(request.state == .authorised)
        #expect(request.resume(now: Fixtures.at(2)) == .route(Fixtures.query))
        let previous = request.state
        guard case .finish(let answer) = try request.reject(RelayRejection(.notFound, "no route"), now: Fixtures.at(2)) else {
            Issue.record("no finish")
            return
        }
        #expect(answer.content == .rejection(.catenaX(status: 404, message: "no route")))
        let message = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "catenax.rejection", body: "{}")
        #expect(try await reopened.record(request, from: previous, version: version, answers: [message]) == version + 1)
        #expect(try await reopened.record(request, from: previous, version: version, answers: [message]) == nil)
        #expect(try await reopened.pendingMessageCount() == 1)
        #expect(try await reopened.recoverRelayRequests().requests.isEmpty)
        let steps = try await reopened.relayTransitions(requestID: "relay-1")
        #expect(steps.map(\.to) == ["authorised", "rejected"])
        #expect(steps.last?.detail.contains("notFound") == true)
    }

    @Test func aStaleWorkerCannotAdvanceARequestAnotherAdvanced() async throws {
        let store = try await store()
        var first = Fixtures.request()
        let version = try await store.insert(first)
        var second = first
        _ = try first.authorised(now: Fixtures.at(1))
        _ = try second.reject(RelayRejection(.unauthorised, "unknown client"), now: Fixtures.at(1))
        _ = try await store.record(first, from: .received, version: version)
        await #expect { try await store.record(second, from: .received, version: version) } throws: { ($0 as? StoreError)?.isConflict == true }
    }

    @Test func unreadableSnapshotsAreSetAsideNotFatal() async throws {
        let store = try await store()
        try await store.insertRelayRequest(
            StoredRelayRequest(id: "broken", tenant: "acme", state: "received", deadline: Fixtures.at(60), received: Fixtures.at(0), updated: Fixtures.at(0), snapshot: "[]")
        )
        _ = try await store.insert(Fixtures.request())
        let recovery = try await store.recoverRelayRequests()
        #expect(recovery.requests.map(\.request.id) == ["relay-1"])
        #expect(recovery.unreadable.map(\.requestID) == ["broken"])
    }
}

/// A worker driven by the real state machine and the real SQLite store, killed (all memory
/// dropped) part-way through, then restarted: every request must end answered exactly once.
@Suite struct RelayCrashRecoveryTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-relay-crash-\(UUID().uuidString).sqlite").path

    /// Performs one action the way a gateway would, against fake upstreams, and records the step.
    /// - Returns: `false` once the request is finished.
    static func step(
        _ request: inout RelayRequest, version: inout Int64, action: RelayAction, now: inout Date, store: SQLiteStore,
        random: inout SeededRandom
    ) async throws -> (RelayAction?, finishedNow: Bool) {
        let previous = request.state
        let next: RelayAction
        switch action {
        case .authorise:
            next = try request.authorised(now: now)
        case .route(let query):
            next = try request.routed(to: query.productIDs[0].hasSuffix("7") ? .tenantStore : .partner("supplier"), now: now)
        case .fetch(_, _, let attempt, _):
            if attempt < 3, Int.random(in: 0..<3, using: &random) == 0 {
                next = try request.fetchFailed(UpstreamFailure(.unavailable, "HTTP 503"), now: now, using: &random)
            } else {
                next = try request.fetched(Fixtures.upstreamDocument, now: now)
            }
        case .awaitAnswer:
            next = try request.fetched(Fixtures.upstreamDocument, now: now)
        case .retry(let at):
            now = max(now, at)
            next = try request.retryDue(now: now)
        case .translateToCanonical:
            next = try request.translated(Fixtures.canonical, mapping: Fixtures.mapping, now: now)
        case .checkPolicy:
            next = request.id.hasSuffix("3")
                ? try request.reject(RelayRejection(.policyProhibited, "distribution prohibited"), now: now)
                : try request.policyPermitted(Fixtures.canonical, decision: Fixtures.decision, now: now)
        case .render:
            next = try request.rendered(Fixtures.rendered, mapping: nil, now: now)
        case .finish(let answer):
            let message = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "relay.answer", body: answer.requestID)
            let finished = try await store.record(request, from: previous, version: version, answers: [message])
            return (nil, finished != nil)
        }
        if case .finish = next {
            return (next, false)
        }
        guard let stored = try await store.record(request, from: previous, version: version) else { return (nil, false) }
        version = stored
        return (next, false)
    }

    @Test func twoHundredRequestsKilledMidFlightAreEachAnsweredExactlyOnceAfterRestart() async throws {
        let count = 200
        var now = Fixtures.start
        var random = SeededRandom(seed: 2026)
        var finishedCount = 0
        do {
            let store = try SQLiteStore(path: path)
            _ = try await store.addTenant(named: "acme", now: now)
            var inFlight: [(RelayRequest, Int64, RelayAction)] = []
            for index in 0..<count {
                var request = RelayRequest(
                    id: "relay-\(index)", tenant: "acme", requester: Fixtures.catenaXRequester,
                    query: ProductQuery(productIDs: ["urn:gtin:\(index)"]), received: now, deadline: now.addingTimeInterval(600),
                    retryPolicy: RetryPolicy(maxAttempts: 4, initialBackoff: 0.1, jitter: 0.5)
                )
                let version = try await store.insert(request)
                inFlight.append((request, version, request.resume(now: now)))
            }
            // Advance each request a different number of steps, then "kill" the process.
            for index in inFlight.indices {
                var (request, version, action) = inFlight[index]
                for _ in 0..<(index % 9) {
                    let (next, finishedNow) = try await Self.step(&request, version: &version, action: action, now: &now, store: store, random: &random)
                    if finishedNow { finishedCount += 1 }
                    guard let next else { break }
                    action = next
                }
            }
        }
        let store = try SQLiteStore(path: path)
        let recovery = try await store.recoverRelayRequests()
        #expect(recovery.unreadable.isEmpty)
        #expect(recovery.requests.count == count - finishedCount)
        for (recovered, storedVersion) in recovery.requests {
            var request = recovered
            var version = storedVersion
            var action: RelayAction? = request.resume(now: now)
            while let current = action {
                let (next, finishedNow) = try await Self.step(&request, version: &version, action: current, now: &now, store: store, random: &random)
                if finishedNow { finishedCount += 1 }
                action = next
            }
        }
        #expect(finishedCount == count)
        #expect(try await store.unfinishedRelayRequests().isEmpty)
        let answers = try await store.dueMessages(now: now.addingTimeInterval(1), limit: 1000)
        #expect(answers.count == count)
        #expect(Set(answers.map(\.body)).count == count)
        let rejected = try await store.relayRequest(id: "relay-3")
        #expect(rejected?.state == "rejected")
        #expect(try await store.relayRequest(id: "relay-4")?.state == "delivered")
    }

}

@Suite struct RelayStepsRecordingTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-steps-\(UUID().uuidString).sqlite").path

    func store() async throws -> SQLiteStore {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Fixtures.start)
        return store
    }

    @Test func stepsRecordedTogetherGetOneTransitionEachAndFinishOnce() async throws {
        let database = try await store()
        var request = Fixtures.request()
        let version = try await database.insert(request)
        var steps: [RelayTransitionRecord] = []
        for (event, time) in [("authorised", 1.0), ("routed", 2.0)] {
            let before = request.state
            if event == "authorised" { _ = try request.authorised(now: Fixtures.at(time)) } else { _ = try request.routed(to: .partner("cx"), now: Fixtures.at(time)) }
            steps.append(RelayTransitionRecord(requestID: request.id, version: 0, time: request.updated, from: before.name, to: request.state.name, detail: request.transitionDetail))
        }
        #expect(try await database.record(request, steps: steps, version: version) == 3)
        #expect(try await database.relayTransitions(requestID: request.id).map { $0.to } == ["authorised", "fetching"])
        #expect(try await database.relayTransitions(requestID: request.id).map { $0.version } == [2, 3])
        await #expect(throws: StoreError.self) { _ = try await database.record(request, steps: steps, version: version) }

        let before = request.state
        _ = try request.reject(RelayRejection(.policyProhibited, "no"), now: Fixtures.at(3))
        let finish = [RelayTransitionRecord(requestID: request.id, version: 0, time: request.updated, from: before.name, to: request.state.name, detail: request.transitionDetail)]
        let answer = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "test.answer", body: "{}")
        #expect(try await database.record(request, steps: finish, version: 3, answers: [answer]) == 4)
        #expect(try await database.record(request, steps: finish, version: 4, answers: [answer]) == nil)
        #expect(try await database.pendingMessageCount() == 1)
        #expect(try await database.unfinishedRelayRequests().isEmpty)
    }
}
