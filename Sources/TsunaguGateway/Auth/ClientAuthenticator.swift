import Crypto
import Foundation
import Synchronization
import TsunaguEcosystems
import TsunaguStore

/// Checks OAuth2 client credentials against the salted hashes in the store.
///
/// A successful check is remembered for a few minutes (keyed by a SHA-256 of the presented
/// secret, never the secret itself) so repeated token requests do not each pay for PBKDF2.
public final class ClientAuthenticator: Sendable {
    private let store: any GatewayStore
    private let recent = Mutex<[String: Date]>([:])
    private let memory: TimeInterval = 300

    /// Creates an authenticator over `store`.
    public init(store: any GatewayStore) {
        self.store = store
    }

    /// The requester the credentials belong to, or `nil` when they are wrong.
    public func authenticate(clientID: String, secret: String, now: Date = Date()) async -> PACTRequester? {
        guard let client = try? await store.client(id: clientID) else { return nil }
        let fingerprint = clientID + "\u{0}" + client.secretHash + "\u{0}" + HexDigits.text(SHA256.hash(data: Data(secret.utf8)))
        if let until = recent.withLock({ $0[fingerprint] }), until > now {
            return PACTRequester(clientID: client.clientID, tenant: client.tenant)
        }
        guard SecretHasher.verify(secret, against: client.secretHash) else { return nil }
        recent.withLock { entries in
            if entries.count > 1_000 { entries = entries.filter { $0.value > now } }
            entries[fingerprint] = now.addingTimeInterval(memory)
        }
        return PACTRequester(clientID: client.clientID, tenant: client.tenant)
    }
}
