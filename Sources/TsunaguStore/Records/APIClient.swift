import Foundation
import TsunaguCore

/// A requester allowed to call the gateway's APIs on behalf of one tenant (an OAuth2 client).
public struct APIClient: Sendable, Hashable {
    /// The OAuth2 client id.
    public let clientID: String
    /// The tenant whose footprints the client sees.
    public let tenant: String
    /// The salted hash of the client secret (the secret itself is never stored).
    public let secretHash: String
    /// Where and how the gateway sends asynchronous answers to this client, if it can receive them.
    public let callback: CallbackRegistration?
    /// When the client was added.
    public let created: Date

    /// Creates a client record.
    public init(clientID: String, tenant: String, secretHash: String, callback: CallbackRegistration?, created: Date) {
        self.clientID = clientID
        self.tenant = tenant
        self.secretHash = secretHash
        self.callback = callback
        self.created = created
    }

    /// This registration of the client: a digest of its id and salted secret hash, new whenever
    /// the client is added (again) with a secret. Tokens carry it, so that a client removed and
    /// added again under its id (a leaked secret replaced) does not take the earlier tokens.
    /// (Not a secret: tokens are signed, so it only needs to tell registrations apart.)
    public var registration: String {
        ContentHash.fnv1a64((clientID + "\u{0}" + secretHash).utf8)
    }

    /// Whether a token stating `registration` (or, from before tokens stated it, issued at
    /// `issued`, in whole seconds) belongs to this registration of the client.
    public func accepts(tokenRegistration registration: String?, issuedAt issued: Date) -> Bool {
        if let registration { return registration == self.registration }
        return issued.timeIntervalSince1970 >= created.timeIntervalSince1970.rounded(.down)
    }
}

/// The requester's own API, to which the gateway posts asynchronous answers.
///
/// The secret is referenced by the name of an environment variable and read only when a
/// callback is sent, so it is never written to disk.
public struct CallbackRegistration: Sendable, Hashable {
    /// The base URL of the requester's PACT API (events go to `<base>/2/events` or `<base>/3/events`).
    public let baseURL: String
    /// The client id the gateway uses at the requester's token endpoint.
    public let clientID: String
    /// The name of the environment variable holding the matching client secret.
    public let secretEnvironmentVariable: String

    /// Creates a registration.
    public init(baseURL: String, clientID: String, secretEnvironmentVariable: String) {
        self.baseURL = baseURL
        self.clientID = clientID
        self.secretEnvironmentVariable = secretEnvironmentVariable
    }
}
