import Foundation
import Testing
import TsunaguCore
import TsunaguStore
@testable import TsunaguRelay

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
