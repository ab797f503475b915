import Foundation

/// OAuth2 client credentials for a PACT host's token endpoint.
public struct PACTCredentials: Sendable, Hashable {
    /// The client id.
    public var clientID: String
    /// The client secret.
    public var clientSecret: String

    /// Creates credentials.
    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    /// The `Authorization` header value for HTTP Basic authentication (RFC 7617), as PACT's
    /// token endpoint expects it: id and secret form-encoded first (RFC 6749 §2.3.1; every byte but
    /// the unreserved ones escaped), so that a `:`, `%`, `+` or non-ASCII letter in either reaches
    /// the server as it is.
    public var basicAuthorization: String {
        "Basic " + Data("\(PACTQueryEncoding.encode(clientID)):\(PACTQueryEncoding.encode(clientSecret))".utf8).base64EncodedString()
    }
}

extension PACTCredentials: CustomStringConvertible {
    /// Names the client and never the secret, so credentials can be logged safely.
    public var description: String { "client \(clientID)" }
}
