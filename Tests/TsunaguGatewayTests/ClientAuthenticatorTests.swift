import Foundation
import Synchronization
import Testing
@testable import TsunaguStore

@testable import TsunaguGateway

/// Wrong client secrets cost PBKDF2 each: a client id that keeps failing is locked out without
/// hashing for a while, and a client that signed in shortly before is not locked out by them.
/// A store that cannot answer is told apart from a wrong secret.
@Suite struct ClientAuthenticatorTests {
    /// How many secrets were hashed.
    final class HashCount: Sendable {
        private let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    /// Where this test's store keeps its database.
    let databasePath = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-auth-\(UUID().uuidString)").path + "/tsunagu.sqlite"

    /// A real store with client `c1` (secret "right") at ``databasePath``, and an authenticator
    /// that counts the secrets it hashes.
    func withAuthenticator(_ body: (ClientAuthenticator, HashCount) async throws -> Void) async throws {
        let folder = (databasePath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteStore(path: databasePath)
        _ = try await store.addTenant(named: "acme", now: Date())
        try await store.addClient(APIClient(clientID: "c1", tenant: "acme", secretHash: "stored-hash-of-right", callback: nil, created: Date()))
        let hashed = HashCount()
        let authenticator = ClientAuthenticator(store: store) { secret, hash in
            hashed.add()
            return hash == "stored-hash-of-" + secret
        }
        try await body(authenticator, hashed)
    }

    @Test func aClientIdThatKeepsFailingIsRefusedWithoutHashingUntilTheWindowPasses() async throws {
        try await withAuthenticator { authenticator, hashed in
            let start = Date()
            for attempt in 0..<ClientAuthenticator.failureLimit {
                #expect(await authenticator.authenticate(clientID: "c1", secret: "wrong-\(attempt)", now: start) == .refused)
            }
            #expect(hashed.value == ClientAuthenticator.failureLimit)
            #expect(await authenticator.authenticate(clientID: "c1", secret: "wrong-again", now: start.addingTimeInterval(1)) == .lockedOut(retryAfterSeconds: 59))
            #expect(
                await authenticator.authenticate(clientID: "c1", secret: "right", now: start.addingTimeInterval(2.5)) == .lockedOut(retryAfterSeconds: 58),
                "throttled, even the right secret"
            )
            #expect(hashed.value == ClientAuthenticator.failureLimit, "nothing hashed while throttled")

            let later = start.addingTimeInterval(ClientAuthenticator.failureWindow + 1)
            let outcome = await authenticator.authenticate(clientID: "c1", secret: "right", now: later)
            #expect(outcome.requester?.tenant == "acme")
            #expect(hashed.value == ClientAuthenticator.failureLimit + 1)
        }
    }

    @Test func aSecretThatSucceededLatelyStillGetsInDuringAFlood() async throws {
        try await withAuthenticator { authenticator, hashed in
            let start = Date()
            #expect(await authenticator.authenticate(clientID: "c1", secret: "right", now: start).requester?.clientID == "c1")
            for attempt in 0...ClientAuthenticator.failureLimit {
                #expect(await authenticator.authenticate(clientID: "c1", secret: "guess-\(attempt)", now: start.addingTimeInterval(1)).requester == nil)
            }
            #expect(await authenticator.authenticate(clientID: "c1", secret: "right", now: start.addingTimeInterval(2)).requester?.clientID == "c1")
            #expect(hashed.value == 1 + ClientAuthenticator.failureLimit, "the remembered success is not hashed again; the throttled guess is not hashed")
            // An hour on, when the client renews its token, a flood locks its id out again: the
            // success of an hour ago still lets it in.
            let renewal = start.addingTimeInterval(3600)
            for attempt in 0...ClientAuthenticator.failureLimit {
                _ = await authenticator.authenticate(clientID: "c1", secret: "later-guess-\(attempt)", now: renewal)
            }
            #expect(await authenticator.authenticate(clientID: "c1", secret: "right", now: renewal.addingTimeInterval(1)).requester?.clientID == "c1")
        }
    }

    /// Wrong secrets sent all at once are counted before they are hashed: no more than the limit
    /// is hashed, however many arrive while the first ones are still being checked.
    @Test func concurrentWrongSecretsAreCountedBeforeTheyAreHashed() async throws {
        try await withAuthenticator { authenticator, hashed in
            let start = Date()
            await withTaskGroup(of: Void.self) { group in
                for attempt in 0..<100 {
                    group.addTask { _ = await authenticator.authenticate(clientID: "c1", secret: "flood-\(attempt)", now: start) }
                }
            }
            #expect(hashed.value == ClientAuthenticator.failureLimit, "\(hashed.value) wrong secrets were hashed")
        }
    }

    @Test func anUnknownClientIdIsRefusedWithoutHashing() async throws {
        try await withAuthenticator { authenticator, hashed in
            for attempt in 0...ClientAuthenticator.failureLimit {
                #expect(await authenticator.authenticate(clientID: "nobody", secret: "guess-\(attempt)") == .refused)
            }
            #expect(hashed.value == 0)
        }
    }

    @Test func aStoreThatCannotAnswerIsNotAWrongSecret() async throws {
        try await withAuthenticator { authenticator, hashed in
            let other = try SQLiteConnection(path: databasePath)
            try other.execute("ALTER TABLE clients RENAME TO clients_moved_away")
            let outcome = await authenticator.authenticate(clientID: "c1", secret: "right")
            guard case .storeUnavailable(let reason) = outcome else {
                Issue.record("expected storeUnavailable, got \(outcome)")
                return
            }
            #expect(reason.contains("clients"))
            #expect(hashed.value == 0)
            try other.execute("ALTER TABLE clients_moved_away RENAME TO clients")
            #expect(await authenticator.authenticate(clientID: "c1", secret: "right").requester?.tenant == "acme")
        }
    }
}
