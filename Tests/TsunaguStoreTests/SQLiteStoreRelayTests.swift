import Foundation
import Testing
import TsunaguCore
@testable import TsunaguStore

@Suite struct SQLiteStoreRelayTests {
    let directory: URL
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-relay-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var path: String { directory.appendingPathComponent("tsunagu.sqlite").path }

    func openWithTenant() async throws -> SQLiteStore {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: start)
        return store
    }

    func request(_ id: String, received offset: TimeInterval = 0) -> StoredRelayRequest {
        StoredRelayRequest(
            id: id, tenant: "acme", state: "received", deadline: start.addingTimeInterval(60), received: start.addingTimeInterval(offset),
            updated: start.addingTimeInterval(offset), snapshot: #"{"id":"\#(id)"}"#
        )
    }

    @Test func unfinishedRequestsSurviveReopeningTheDatabase() async throws {
        do {
            let store = try await openWithTenant()
            try await store.insertRelayRequest(request("r2", received: 2))
            try await store.insertRelayRequest(request("r1", received: 1))
            try await store.insertRelayRequest(request("r3", received: 3))
            var done = try #require(try await store.relayRequest(id: "r3"))
            done.state = "delivered"
            #expect(try await store.finishRelayRequest(done, from: "received", detail: "{}", answers: []))
        }
        let reopened = try SQLiteStore(path: path)
        let unfinished = try await reopened.unfinishedRelayRequests()
        #expect(unfinished.map(\.id) == ["r1", "r2"])
        #expect(unfinished.first?.snapshot == #"{"id":"r1"}"#)
        #expect(unfinished.first?.deadline == start.addingTimeInterval(60))
        #expect(unfinished.first?.version == 1)
    }

    @Test func refusesADuplicateIdAndAnUnknownTenant() async throws {
        let store = try await openWithTenant()
        try await store.insertRelayRequest(request("r1"))
        await #expect { try await store.insertRelayRequest(request("r1")) } throws: { ($0 as? StoreError)?.isConflict == true }
        var orphan = request("r9")
        orphan = StoredRelayRequest(
            id: "r9", tenant: "nobody", state: "received", deadline: orphan.deadline, received: orphan.received,
            updated: orphan.updated, snapshot: "{}"
        )
        await #expect { try await store.insertRelayRequest(orphan) } throws: { ($0 as? StoreError)?.isNotFound == true }
    }

    @Test func aTransitionBumpsTheVersionAndIsRecorded() async throws {
        let store = try await openWithTenant()
        try await store.insertRelayRequest(request("r1"))
        var current = try #require(try await store.relayRequest(id: "r1"))
        current.state = "authorised"
        current.updated = start.addingTimeInterval(1)
        let stored = try await store.recordRelayTransition(current, from: "received", detail: #"{"by":"c1"}"#)
        #expect(stored.version == 2)
        #expect(try await store.relayRequest(id: "r1")?.state == "authorised")
        let steps = try await store.relayTransitions(requestID: "r1")
        #expect(steps == [RelayTransitionRecord(requestID: "r1", version: 2, time: start.addingTimeInterval(1), from: "received", to: "authorised", detail: #"{"by":"c1"}"#)])
    }

    @Test func twoWorkersCannotBothAdvanceOneRequest() async throws {
        let store = try await openWithTenant()
        try await store.insertRelayRequest(request("r1"))
        let read = try #require(try await store.relayRequest(id: "r1"))
        var first = read
        first.state = "authorised"
        var second = read
        second.state = "rejected"
        _ = try await store.recordRelayTransition(first, from: "received", detail: "{}")
        await #expect { try await store.recordRelayTransition(second, from: "received", detail: "{}") } throws: {
            ($0 as? StoreError)?.isConflict == true
        }
        await #expect { try await store.finishRelayRequest(second, from: "received", detail: "{}", answers: []) } throws: {
            ($0 as? StoreError)?.isConflict == true
        }
        #expect(try await store.relayRequest(id: "r1")?.state == "authorised")
        #expect(try await store.relayTransitions(requestID: "r1").count == 1)
    }

    @Test func finishingEnqueuesTheAnswerExactlyOnce() async throws {
        let store = try await openWithTenant()
        try await store.insertRelayRequest(request("r1"))
        var done = try #require(try await store.relayRequest(id: "r1"))
        done.state = "delivered"
        let answer = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "catenax.pcf", body: "{}")
        #expect(try await store.finishRelayRequest(done, from: "policyChecked", detail: "{}", answers: [answer]))
        #expect(try await store.finishRelayRequest(done, from: "policyChecked", detail: "{}", answers: [answer]) == false)
        #expect(try await store.pendingMessageCount() == 1)
        let finished = try #require(try await store.relayRequest(id: "r1"))
        #expect(finished.isFinished && finished.version == 2)
        await #expect { try await store.recordRelayTransition(finished, from: "delivered", detail: "{}") } throws: {
            ($0 as? StoreError)?.isConflict == true
        }
        #expect(try await store.unfinishedRelayRequests().isEmpty)
    }

    /// Finished requests are read all at once, or only those updated since a time (what the
    /// Catena-X update publisher reads at each look after the first).
    @Test func finishedRequestsAreReadAllOrSinceATime() async throws {
        let store = try await openWithTenant()
        for (id, offset) in [("early", 10.0), ("late", 100.0), ("open", 200.0)] {
            var stored = request(id, received: offset)
            stored.state = id == "open" ? "fetching" : "delivered"
            stored.isFinished = id != "open"
            _ = try await store.insertRelayRequest(
                stored, steps: [RelayTransitionRecord(requestID: id, version: 0, time: stored.updated, from: "received", to: stored.state, detail: "{}")],
                answers: [], claimingAnswers: false)
        }
        #expect(try await store.finishedRelayRequests(tenant: "acme", state: "delivered", updatedSince: nil).map(\.id) == ["early", "late"])
        #expect(try await store.finishedRelayRequests(tenant: "acme", state: "delivered", updatedSince: start.addingTimeInterval(50)).map(\.id) == ["late"])
        #expect(try await store.finishedRelayRequests(tenant: "acme", state: "delivered", updatedSince: start.addingTimeInterval(100)).map(\.id) == ["late"])
        #expect(try await store.finishedRelayRequests(tenant: "acme", state: "delivered", updatedSince: start.addingTimeInterval(101)).isEmpty)
    }

    @Test func aRequestStoredWithItsFirstStepsKeepsThemInOrderAndCannotBeStoredTwice() async throws {
        let store = try await openWithTenant()
        var fetching = request("r1")
        fetching.state = "fetching"
        let steps = [
            RelayTransitionRecord(requestID: "r1", version: 0, time: start, from: "received", to: "authorised", detail: "{}"),
            RelayTransitionRecord(requestID: "r1", version: 0, time: start, from: "authorised", to: "fetching", detail: #"{"attempt":1}"#),
        ]
        let answer = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "catenax.pcf", body: "{}")
        let recorded = try await store.insertRelayRequest(fetching, steps: steps, answers: [answer], claimingAnswers: false)
        #expect(recorded.version == 3)
        #expect(recorded.answers.isEmpty, "an unfinished request enqueues no answer")
        let stored = try #require(try await store.relayRequest(id: "r1"))
        #expect(stored.state == "fetching" && stored.version == 3 && !stored.isFinished)
        #expect(try await store.relayTransitions(requestID: "r1").map(\.version) == [2, 3])
        #expect(try await store.relayTransitions(requestID: "r1").map(\.to) == ["authorised", "fetching"])
        await #expect { try await store.insertRelayRequest(fetching, steps: steps, answers: [], claimingAnswers: false) } throws: {
            ($0 as? StoreError)?.isConflict == true
        }
        var rejected = request("r2")
        rejected.state = "rejected"
        rejected.isFinished = true
        let refused = [RelayTransitionRecord(requestID: "r2", version: 0, time: start, from: "received", to: "rejected", detail: "{}")]
        let answered = try await store.insertRelayRequest(rejected, steps: refused, answers: [answer], claimingAnswers: false)
        #expect(answered.answers.map(\.clientID) == ["buyer"])
        #expect(try await store.unfinishedRelayRequests().map(\.id) == ["r1"])
        await #expect { try await store.insertRelayRequest(rejected, steps: refused, answers: [answer], claimingAnswers: false) } throws: {
            ($0 as? StoreError)?.isConflict == true
        }
        #expect(try await store.pendingMessageCount() == 1, "a request stored twice enqueues its answer once")
    }

    @Test func answersClaimedByTheirSenderAreNotDueUntilItMarksThem() async throws {
        let store = try await openWithTenant()
        try await store.insertRelayRequest(request("r1"))
        try await store.insertRelayRequest(request("r2"))
        var done = try #require(try await store.relayRequest(id: "r1"))
        done.state = "delivered"
        let step = [RelayTransitionRecord(requestID: "r1", version: 0, time: start, from: "policyChecked", to: "delivered", detail: "{}")]
        let answer = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "catenax.pcf", body: "{}")
        let claimed = try #require(try await store.recordRelaySteps(done, steps: step, finishing: true, answers: [answer], claimingAnswers: true))
        var other = try #require(try await store.relayRequest(id: "r2"))
        other.state = "delivered"
        let unclaimed = try #require(try await store.recordRelaySteps(
            other, steps: [RelayTransitionRecord(requestID: "r2", version: 0, time: start, from: "policyChecked", to: "delivered", detail: "{}")],
            finishing: true, answers: [answer], claimingAnswers: false
        ))
        let later = start.addingTimeInterval(3600)
        #expect(try await store.dueMessages(now: later, limit: 10).map(\.id) == unclaimed.answers.map(\.id))
        #expect(try await store.pendingMessageCount() == 2)
        let id = try #require(claimed.answers.first?.id)
        #expect(try await store.message(id: id)?.body == "{}")
        try await store.markFailed(messageID: id, error: "refused", retryAt: start)
        #expect(try await store.dueMessages(now: later, limit: 10).map(\.id).sorted() == [id, unclaimed.answers[0].id].sorted())
    }

    /// An answer enqueued behind a pending message to the same receiver about the same request
    /// (an update whose first answer is being retried) is neither claimed by its sender nor due
    /// until that message is delivered or abandoned; other keys and receivers do not wait.
    @Test func anAnswerBehindAPendingMessageOfItsReceiverAndKeyWaitsForIt() async throws {
        let store = try await openWithTenant()
        let first = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "catenax.exchange", body: #"{"n":1}"#, orderingKey: "request-1")
        let elsewhere = NewOutboxMessage(tenant: "acme", clientID: "other", kind: "catenax.exchange", body: #"{"n":2}"#, orderingKey: "request-1")
        try await store.enqueue([first, elsewhere])
        let pending = try await store.dueMessages(now: start.addingTimeInterval(3600), limit: 10)
        let firstID = try #require(pending.first { $0.clientID == "buyer" }?.id)
        try await store.markFailed(messageID: firstID, error: "refused", retryAt: start.addingTimeInterval(7200))

        try await store.insertRelayRequest(request("update"))
        var update = try #require(try await store.relayRequest(id: "update"))
        update.state = "delivered"
        let step = [RelayTransitionRecord(requestID: "update", version: 0, time: start, from: "policyChecked", to: "delivered", detail: "{}")]
        let answer = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "catenax.exchange", body: #"{"n":3}"#, orderingKey: "request-1")
        let recorded = try #require(try await store.recordRelaySteps(update, steps: step, finishing: true, answers: [answer], claimingAnswers: true))
        #expect(recorded.waiting)
        #expect(recorded.answers.first?.orderingKey == "request-1")
        let unrelated = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "catenax.exchange", body: #"{"n":4}"#, orderingKey: "request-2")
        try await store.enqueue([unrelated])

        let soon = start.addingTimeInterval(3600)
        #expect(try await store.dueMessages(now: soon, limit: 10).map(\.body).sorted() == [#"{"n":2}"#, #"{"n":4}"#])
        try await store.markDelivered(messageID: firstID)
        #expect(try await store.dueMessages(now: soon, limit: 10).map(\.body).sorted() == [#"{"n":2}"#, #"{"n":3}"#, #"{"n":4}"#])
    }

    /// A delivered message whose record failed (a full disk) is not sent again, and once the
    /// store recovers it is recorded at the next look, so the message waiting behind it goes
    /// without a restart.
    @Test func aDeliveryThatCouldNotBeRecordedIsRecordedAtTheNextLook() async throws {
        let store = try await openWithTenant()
        let first = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "catenax.exchange", body: #"{"n":1}"#, orderingKey: "request-1")
        let update = NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: "catenax.exchange", body: #"{"n":2}"#, orderingKey: "request-1")
        try await store.enqueue([first, update])
        let soon = start.addingTimeInterval(3600)
        let due = try await store.dueMessages(now: soon, limit: 10)
        #expect(due.map(\.body) == [#"{"n":1}"#])
        let firstID = try #require(due.first?.id)
        let other = try SQLiteConnection(path: path)
        try other.execute("CREATE TRIGGER full_disk BEFORE UPDATE ON outbox BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;")
        await #expect(throws: StoreError.self) { try await store.markDelivered(messageID: firstID) }
        #expect(try await store.dueMessages(now: soon, limit: 10).isEmpty, "neither sent again nor overtaken")
        try other.execute("DROP TRIGGER full_disk")
        #expect(try await store.dueMessages(now: soon, limit: 10).map(\.body) == [#"{"n":2}"#])
        #expect(try await store.message(id: firstID)?.state == .delivered)
    }

    @Test func advancingAMissingRequestIsNotFound() async throws {
        let store = try await openWithTenant()
        await #expect { try await store.recordRelayTransition(request("ghost"), from: "received", detail: "{}") } throws: {
            ($0 as? StoreError)?.isNotFound == true
        }
        await #expect { try await store.finishRelayRequest(request("ghost"), from: "received", detail: "{}", answers: []) } throws: {
            ($0 as? StoreError)?.isNotFound == true
        }
    }

    @Test func aDatabaseAtTheFirstSchemaVersionIsMigrated() async throws {
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute(SQLiteSchema.migrations[0])
            try connection.execute("PRAGMA user_version = 1")
            try connection.execute("INSERT INTO tenants (name, created) VALUES ('acme', 0)")
        }
        let store = try SQLiteStore(path: path)
        try await store.insertRelayRequest(request("r1"))
        #expect(try await store.tenants().map(\.name) == ["acme"])
        #expect(try await store.unfinishedRelayRequests().count == 1)
    }
}
