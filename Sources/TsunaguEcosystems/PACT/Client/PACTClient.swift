import AsyncHTTPClient
import Foundation
import NIOSSL
import TsunaguCore

/// A data recipient's client for a PACT host: OAuth2 client-credentials authentication with
/// OpenID discovery and token caching, ListFootprints with pagination, GetFootprint and the
/// events endpoint, for PACT v2 (`/2/...`) and v3 (`/3/...`).
///
/// The caller owns the `HTTPClient` and so decides TLS trust, redirects and connection limits;
/// ``Configuration/tlsConfiguration`` (see ``PACTTLSTrust``) overrides the client's TLS trust for
/// this host only. Every call has a deadline (``Configuration/timeout``). Bodies are parsed with
/// TsunaguCore's exact JSON parser, so footprints come back as ``JSONValue`` with decimal
/// strings and numbers exactly as the host wrote them.
public struct PACTClient: Sendable {
    /// Where the host is and how to call it.
    public struct Configuration: Sendable {
        /// The API base URL (scheme, host, port and subpath), without the `/2` or `/3`.
        public var baseURL: String
        /// Where the token endpoint and OpenID configuration live, when not under ``baseURL``.
        public var authBaseURL: String?
        /// The client credentials.
        public var credentials: PACTCredentials
        /// The deadline of every single HTTP call.
        public var timeout: Duration
        /// TLS trust for this host, overriding the `HTTPClient`'s own.
        public var tlsConfiguration: TLSConfiguration?
        /// Whether to look for `/.well-known/openid-configuration` before falling back to `/auth/token`.
        public var discoversTokenEndpoint: Bool
        /// The OAuth2 `scope` to ask for, if the host needs one.
        public var scope: String?
        /// A token is renewed this long before it expires (at most half its lifetime).
        public var tokenRenewalMargin: Duration
        /// The largest response body accepted.
        public var maximumResponseBytes: Int
        /// The most pagination links followed by ``PACTClient/allFootprints(version:query:pageSize:)``.
        public var maximumPages: Int
        /// The most footprints ``PACTClient/allFootprints(version:query:pageSize:)`` collects over
        /// all pages: with ``maximumPages`` and ``maximumResponseBytes`` alone, a host could make it
        /// hold gigabytes.
        public var maximumFootprints: Int

        /// Creates a configuration with the defaults: 10 s per call, discovery on, 16 MiB bodies,
        /// 1000 pages, 10 000 footprints.
        public init(
            baseURL: String,
            credentials: PACTCredentials,
            authBaseURL: String? = nil,
            timeout: Duration = .seconds(10),
            tlsConfiguration: TLSConfiguration? = nil,
            discoversTokenEndpoint: Bool = true,
            scope: String? = nil,
            tokenRenewalMargin: Duration = .seconds(30),
            maximumResponseBytes: Int = 16 * 1024 * 1024,
            maximumPages: Int = 1000,
            maximumFootprints: Int = 10_000
        ) {
            self.baseURL = baseURL
            self.credentials = credentials
            self.authBaseURL = authBaseURL
            self.timeout = timeout
            self.tlsConfiguration = tlsConfiguration
            self.discoversTokenEndpoint = discoversTokenEndpoint
            self.scope = scope
            self.tokenRenewalMargin = tokenRenewalMargin
            self.maximumResponseBytes = maximumResponseBytes
            self.maximumPages = maximumPages
            self.maximumFootprints = maximumFootprints
        }
    }

    /// The configuration in use.
    public let configuration: Configuration
    let baseURL: PACTURL
    let authBaseURL: PACTURL
    let transport: PACTHTTPTransport
    let tokens = PACTTokenCache()

    /// Creates a client.
    /// - Throws: ``PACTClientError/Category/invalidURL`` when a base URL is not an absolute http(s) URL.
    public init(configuration: Configuration, httpClient: HTTPClient) throws(PACTClientError) {
        self.configuration = configuration
        self.baseURL = try PACTURL(parsing: configuration.baseURL)
        self.authBaseURL = try configuration.authBaseURL.map { (text) throws(PACTClientError) in try PACTURL(parsing: text) } ?? baseURL
        self.transport = PACTHTTPTransport(
            httpClient: httpClient,
            tlsConfiguration: configuration.tlsConfiguration,
            timeout: configuration.timeout,
            maximumResponseBytes: configuration.maximumResponseBytes
        )
    }

    /// Sends one request as it is, with the client's deadline and TLS trust but no token:
    /// the building block for checks that need the raw answer (the conformance suite).
    public func send(_ request: PACTHTTPRequest) async throws(PACTClientError) -> PACTHTTPResponse {
        try await transport.perform(request)
    }

    /// The URL of `path` (starting with `/`) under the API base URL.
    public func url(_ path: String) -> String { baseURL.appending(path) }

    // MARK: Authentication

    /// A valid access token: the cached one while it is fresh, otherwise a new one.
    /// - Throws: ``PACTClientError/Category/authenticationFailed`` when the host refuses the credentials.
    public func accessToken() async throws(PACTClientError) -> PACTAccessToken {
        try await tokens.token(margin: configuration.tokenRenewalMargin) { () throws(PACTClientError) in
            try await self.requestToken()
        }
    }

    /// The token endpoint: the OpenID configuration's `token_endpoint` when the host offers
    /// discovery, otherwise `<auth base>/auth/token` (PACT's authentication flow).
    public func tokenEndpoint() async -> String {
        if let known = await tokens.cachedEndpoint() { return known }
        var endpoint = authBaseURL.appending("/auth/token")
        if configuration.discoversTokenEndpoint, let discovered = try? await discoveredTokenEndpoint() {
            endpoint = discovered
        }
        await tokens.remember(endpoint: endpoint)
        return endpoint
    }

    /// The `token_endpoint` of the host's OpenID Provider Configuration Document.
    /// - Throws: when the document is missing, not JSON or has no absolute `token_endpoint`.
    public func discoveredTokenEndpoint() async throws(PACTClientError) -> String {
        let url = authBaseURL.appending("/.well-known/openid-configuration")
        let response = try await send(PACTHTTPRequest(url: url, headers: [("Accept", "application/json")]))
        guard response.status == 200 else {
            throw PACTClientError.rejected(status: response.status, code: nil, message: "no OpenID configuration document", url: url)
        }
        guard let endpoint = response.json?["token_endpoint"]?.stringValue else {
            throw PACTClientError.invalidResponse("the OpenID configuration has no token_endpoint string", status: response.status, url: url)
        }
        _ = try PACTURL(parsing: endpoint)
        return endpoint
    }

    /// Asks the token endpoint for a new token with the configured credentials, bypassing the cache.
    public func requestToken() async throws(PACTClientError) -> PACTAccessToken {
        try await requestToken(credentials: configuration.credentials, endpoint: await tokenEndpoint())
    }

    /// Asks `endpoint` for a token with `credentials` (HTTP Basic, form body `grant_type=client_credentials`).
    public func requestToken(credentials: PACTCredentials, endpoint: String) async throws(PACTClientError) -> PACTAccessToken {
        let response = try await send(tokenRequest(credentials: credentials, endpoint: endpoint))
        let json = response.json
        guard response.status == 200, let value = json?["access_token"]?.stringValue, !value.isEmpty else {
            let description = json?["error_description"]?.stringValue
                ?? (response.status == 200 ? "the answer has no access_token" : "the token endpoint answered \(response.status)")
            throw PACTClientError.authenticationFailed(status: response.status, error: json?["error"]?.stringValue, description: description, url: endpoint)
        }
        let seconds = json?["expires_in"].flatMap { $0.numberValue?.text ?? $0.stringValue }.flatMap { Double($0) }
        return PACTAccessToken(
            value: value,
            type: json?["token_type"]?.stringValue ?? "Bearer",
            lifetime: seconds.flatMap(PACTAccessToken.lifetime(expiresIn:))
        )
    }

    /// The token request PACT specifies: `POST`, HTTP Basic credentials, form-encoded body.
    public func tokenRequest(credentials: PACTCredentials, endpoint: String) -> PACTHTTPRequest {
        var form = "grant_type=client_credentials"
        if let scope = configuration.scope { form += "&scope=" + PACTQueryEncoding.encode(scope) }
        return PACTHTTPRequest(
            method: "POST",
            url: endpoint,
            headers: [
                ("Authorization", credentials.basicAuthorization),
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Accept", "application/json"),
            ],
            body: Array(form.utf8)
        )
    }

    /// Sends `request` with the bearer token; when the host answers 401 once, fetches a new
    /// token and tries again (the cached one may have been revoked or expired early).
    func sendAuthorized(_ request: PACTHTTPRequest) async throws(PACTClientError) -> PACTHTTPResponse {
        var attempt = 0
        while true {
            let token = try await accessToken()
            var authorized = request
            authorized.headers.append(("Authorization", token.authorization))
            let response = try await send(authorized)
            if response.status == 401, attempt == 0 {
                await tokens.invalidate(token.value)
                attempt += 1
                continue
            }
            return response
        }
    }

    /// Turns an error status into ``PACTClientError`` with the host's `code` and `message`.
    func requireSuccess(_ response: PACTHTTPResponse) throws(PACTClientError) {
        guard !response.isSuccess else { return }
        let json = response.json
        let message = json?["message"]?.stringValue ?? json?["error_description"]?.stringValue
            ?? (response.body.isEmpty ? "HTTP \(response.status) without a body" : "HTTP \(response.status): \(response.bodyText.prefix(200))")
        throw PACTClientError.rejected(status: response.status, code: json?["code"]?.stringValue ?? json?["error"]?.stringValue, message: message, url: response.url)
    }
}
