import AsyncHTTPClient
import Foundation
import NIOCore
import TsunaguCore
import TsunaguEcosystems

/// Tokens for a requester's events endpoint: OAuth2 client credentials at its token endpoint,
/// found as PACT's authentication flow says, by OpenID discovery first.
extension CallbackOutbox {
    /// A token from the requester's token endpoint: the one kept from before while it is valid
    /// (and not the one the requester just refused), else a new one. Deliveries that need a new
    /// token at the same time share one request for it: a requester whose every token replaces
    /// the last would otherwise refuse all but the newest, and one that limits token requests
    /// would refuse the many.
    func accessToken(base: String, clientID: String, secret: String, refusing refused: String? = nil) async throws -> String {
        let cacheKey = base + clientID
        if let cached = tokens[cacheKey], cached.expires > clock().addingTimeInterval(30), cached.token != refused { return cached.token }
        if let fetching = tokenFetches[cacheKey] {
            // A request that failed fails its waiters too: their deliveries are tried again later.
            let token = try await fetching.value
            if token != refused { return token }
        }
        let fetch = Task { try await self.newAccessToken(base: base, clientID: clientID, secret: secret, cacheKey: cacheKey) }
        tokenFetches[cacheKey] = fetch
        defer { if tokenFetches[cacheKey] == fetch { tokenFetches[cacheKey] = nil } }
        return try await fetch.value
    }

    /// Asks the requester's token endpoint for a new token and keeps it under `cacheKey`.
    private func newAccessToken(base: String, clientID: String, secret: String, cacheKey: String) async throws -> String {
        let endpoint = await tokenEndpoint(base: base)
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Authorization", value: PACTCredentials(clientID: clientID, clientSecret: secret).basicAuthorization)
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: "grant_type=client_credentials"))
        let response = try await httpClient.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 64 * 1024)
        guard response.status == .ok, let json = try? JSONParser().parse(body.readableBytesView), let token = json["access_token"]?.stringValue else {
            // The requester may have moved its token endpoint: the next token is discovered again.
            tokenEndpoints[base] = nil
            throw DeliveryFailure("the requester's token endpoint \(endpoint) answered \(response.status.code) without an access token")
        }
        tokens[cacheKey] = (token, clock().addingTimeInterval(Self.lifetime(ofTokenAnswer: json)))
        return token
    }

    /// How long a requester's token is kept, in seconds: its `expires_in`, bounded as the PACT
    /// client bounds it (a day at most, whatever a requester sends), five minutes when it gives
    /// none or a negative one.
    static func lifetime(ofTokenAnswer json: JSONValue) -> TimeInterval {
        guard let given = json["expires_in"]?.numberValue.flatMap({ Double($0.text) }).flatMap(PACTAccessToken.lifetime(expiresIn:)) else { return 300 }
        return Double(given.components.seconds) + Double(given.components.attoseconds) / 1e18
    }

    /// The requester's token endpoint: the `token_endpoint` of its OpenID Provider Configuration
    /// Document (`<base>/.well-known/openid-configuration`) when it offers one, else
    /// `<base>/auth/token`. A definite answer is kept; a discovery that failed on the way is tried
    /// again at the next token.
    func tokenEndpoint(base: String) async -> String {
        if let known = tokenEndpoints[base] { return known }
        let fallback = base + "/auth/token"
        switch await discoverTokenEndpoint(base: base) {
        case .found(let endpoint):
            tokenEndpoints[base] = endpoint
            return endpoint
        case .none:
            tokenEndpoints[base] = fallback
            return fallback
        case .unknown:
            return fallback
        }
    }

    /// What OpenID discovery at a requester said.
    enum Discovery {
        /// Its configuration names this token endpoint.
        case found(String)
        /// It offers no usable configuration: PACT's `/auth/token` is the endpoint.
        case none
        /// The discovery could not be made (a network failure, a server error): ask again later.
        case unknown
    }

    /// Asks the requester's OpenID configuration through ``PACTClient``, which finds token
    /// endpoints the same way for the gateway's own calls to PACT partners.
    private func discoverTokenEndpoint(base: String) async -> Discovery {
        let client: PACTClient
        do {
            client = try PACTClient(configuration: .init(baseURL: base, credentials: PACTCredentials(clientID: "", clientSecret: "")), httpClient: httpClient)
        } catch {
            return .none
        }
        do {
            let endpoint = try await client.discoveredTokenEndpoint()
            // The secret is not sent over plain HTTP where the registration asked for HTTPS.
            guard endpoint.lowercased().hasPrefix("https:") || !base.lowercased().hasPrefix("https:") else { return .none }
            return .found(endpoint)
        } catch {
            let passing = error.category == .timeout || error.category == .transport || (error.category == .rejected && (error.status ?? 0) >= 500)
            return passing ? .unknown : .none
        }
    }
}
