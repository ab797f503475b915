import Foundation
import Synchronization
import Testing
import TsunaguStore

@testable import TsunaguGateway

/// Wrong client secrets cost PBKDF2 each: a client id that keeps failing is refused without
/// hashing for a while, and a client that signed in shortly before is not locked out by them.
@Suite struct ClientAuthenticatorTests {
    /// How many secrets were hashed.
    final class HashCount: Sendable {
        private let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    /// A real store with client `c1` (secret "right"), and an authenticator that counts the
    /// secrets it hashes.
    func withAuthenticator(_ body: (ClientAuthenticator, HashCount) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-auth-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteStore(path: folder + "/tsunagu.sqlite")
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
                #expect(await authenticator.authenticate(clientID: "c1", secret: "wrong-\(attempt)", now: start) == nil)
            }
            #expect(hashed.value == ClientAuthenticator.failureLimit)
            #expect(await authenticator.authenticate(clientID: "c1", secret: "wrong-again", now: start.addingTimeInterval(1)) == nil)
            #expect(await authenticator.authenticate(clientID: "c1", secret: "right", now: start.addingTimeInterval(2)) == nil, "throttled, even the right secret")
            #expect(hashed.value == ClientAuthenticator.failureLimit, "nothing hashed while throttled")

            let later = start.addingTimeInterval(ClientAuthenticator.failureWindow + 1)
            let requester = await authenticator.authenticate(clientID: "c1", secret: "right", now: later)
            #expect(requester?.tenant == "acme")
            #expect(hashed.value == ClientAuthenticator.failureLimit + 1)
        }
    }

    @Test func aSecretThatSucceededLatelyStillGetsInDuringAFlood() async throws {
        try await withAuthenticator { authenticator, hashed in
            let start = Date()
            #expect(await authenticator.authenticate(clientID: "c1", secret: "right", now: start)?.clientID == "c1")
            for attempt in 0...ClientAuthenticator.failureLimit {
                #expect(await authenticator.authenticate(clientID: "c1", secret: "guess-\(attempt)", now: start.addingTimeInterval(1)) == nil)
            }
            #expect(await authenticator.authenticate(clientID: "c1", secret: "right", now: start.addingTimeInterval(2))?.clientID == "c1")
            #expect(hashed.value == 1 + ClientAuthenticator.failureLimit, "the remembered success is not hashed again; the throttled guess is not hashed")
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
}
