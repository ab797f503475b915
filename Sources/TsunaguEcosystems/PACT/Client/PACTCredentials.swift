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

    /// The credentials an HTTP Basic `Authorization` header carries, id and secret form-decoded
    /// (RFC 6749 §2.3.1, as ``basicAuthorization`` writes them); `nil` when the header is absent
    /// or not Basic authentication with a base64 `id:secret` in UTF-8.
    public init?(basicAuthorization header: String?) {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        self.init(clientID: text[..<colon].formDecoded, clientSecret: text[text.index(after: colon)...].formDecoded)
    }
}

extension PACTCredentials: CustomStringConvertible {
    /// Names the client and never the secret, so credentials can be logged safely.
    public var description: String { "client \(clientID)" }
}
