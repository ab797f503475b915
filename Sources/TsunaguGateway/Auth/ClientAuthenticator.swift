import Crypto
import Dispatch
import Foundation
import Synchronization
import TsunaguEcosystems
import TsunaguStore

/// Checks OAuth2 client credentials against the salted hashes in the store.
///
/// A successful check is remembered for a day (keyed by the client's stored hash and a SHA-256
/// of the presented secret, never the secret itself) so repeated token requests do not each pay
/// for PBKDF2, and so that a client renewing its token (hourly) still gets in while someone
/// else floods its id with wrong secrets. A secret replaced or a client removed matches no
/// remembered success.
///
/// PBKDF2 is slow on purpose, so wrong secrets are bounded: the hashing runs on a queue of its
/// own, off the threads that serve every other request, and a client id that failed
/// ``failureLimit`` times within ``failureWindow`` is locked out without hashing until the window
/// passes (a secret that succeeded shortly before still gets in). Unknown client ids are never
/// hashed.
public final class ClientAuthenticator: Sendable {
    /// Wrong secrets of one client id that are checked within ``failureWindow``.
    public static let failureLimit = 10
    /// Seconds over which a client id's wrong secrets count.
    public static let failureWindow: TimeInterval = 60

    private let store: any GatewayStore
    private let verify: @Sendable (String, String) -> Bool
    private let recent = Mutex<[String: Date]>([:])
    private let failures = Mutex<[String: (count: Int, since: Date)]>([:])
    private let memory: TimeInterval = 86_400
    private static let hashing = DispatchQueue(label: "tsunagu.client-secrets")

    /// Creates an authenticator over `store`.
    public convenience init(store: any GatewayStore) {
        self.init(store: store, verify: { SecretHasher.verify($0, against: $1) })
    }

    /// Creates an authenticator that checks a secret against its stored hash with `verify`.
    init(store: any GatewayStore, verify: @escaping @Sendable (String, String) -> Bool) {
        self.store = store
        self.verify = verify
    }

    /// Checks `secret` for `clientID`: the requester they belong to, or why they do not get in
    /// (unknown id or wrong secret, the id locked out after too many wrong secrets, or a store
    /// that could not answer).
    public func authenticate(clientID: String, secret: String, now: Date = Date()) async -> ClientAuthenticationOutcome {
        let found: APIClient?
        do {
            found = try await store.client(id: clientID)
        } catch {
            return .storeUnavailable(reason: error.message)
        }
        guard let client = found else { return .refused }
        let fingerprint = clientID + "\u{0}" + client.secretHash + "\u{0}" + HexDigits.text(SHA256.hash(data: Data(secret.utf8)))
        if let until = recent.withLock({ $0[fingerprint] }), until > now {
            return .authenticated(PACTRequester(clientID: client.clientID, tenant: client.tenant), registration: client.registration)
        }
        // The attempt is counted before it is hashed: concurrent wrong secrets cannot all pass
        // the check while the first ones are still being hashed.
        if let lockoutEnd = reserveAttempt(of: clientID, now: now) {
            return .lockedOut(retryAfterSeconds: max(1, Int(lockoutEnd.timeIntervalSince(now).rounded(.up))))
        }
        let verify = self.verify
        let hash = client.secretHash
        let valid = await withCheckedContinuation { continuation in
            Self.hashing.async { continuation.resume(returning: verify(secret, hash)) }
        }
        guard valid else { return .refused }
        refundAttempt(of: clientID)
        recent.withLock { entries in
            if entries.count > 1_000 { entries = entries.filter { $0.value > now } }
            entries[fingerprint] = now.addingTimeInterval(memory)
        }
        return .authenticated(PACTRequester(clientID: client.clientID, tenant: client.tenant), registration: client.registration)
    }

    /// Counts an attempt of `clientID` that is about to be hashed and returns `nil`; when
    /// ``failureLimit`` attempts are already counted within the window, counts nothing and
    /// returns when the window ends.
    private func reserveAttempt(of clientID: String, now: Date) -> Date? {
        failures.withLock { entries in
            if entries.count > 10_000 { entries = entries.filter { now.timeIntervalSince($0.value.since) < Self.failureWindow } }
            guard let entry = entries[clientID], now.timeIntervalSince(entry.since) < Self.failureWindow else {
                entries[clientID] = (1, now)
                return nil
            }
            guard entry.count < Self.failureLimit else { return entry.since.addingTimeInterval(Self.failureWindow) }
            entries[clientID] = (entry.count + 1, entry.since)
            return nil
        }
    }

    /// Takes back the count of an attempt whose secret was right.
    private func refundAttempt(of clientID: String) {
        failures.withLock { entries in
            guard let entry = entries[clientID] else { return }
            entries[clientID] = entry.count <= 1 ? nil : (entry.count - 1, entry.since)
        }
    }
}
