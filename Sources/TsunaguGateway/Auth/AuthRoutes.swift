import Foundation
import HTTPTypes
import Hummingbird
import Logging
import TsunaguCore
import TsunaguEcosystems

/// The OAuth2 token endpoint (client credentials grant, RFC 6749 §4.4), OpenID Connect discovery
/// and the JWKS with the token signing key.
struct AuthRoutes: Sendable {
    let authenticator: ClientAuthenticator
    let issuer: TokenIssuer
    let publicBaseURL: String?
    let logger: Logger

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.post("/auth/token") { request, _ in await token(request) }
        router.get("/.well-known/openid-configuration") { request, _ in
            let base = baseURL(of: request)
            return Response.json([
                "issuer": .string(issuer.issuer),
                "token_endpoint": .string("\(base)/auth/token"),
                "jwks_uri": .string("\(base)/jwks"),
                "grant_types_supported": ["client_credentials"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "response_types_supported": ["token"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["ES256"],
                "scopes_supported": ["pact.read", "pact.events"],
            ])
        }
        router.get("/jwks") { _, _ in Response.json(issuer.jwks) }
    }

    private func baseURL(of request: Request) -> String {
        publicBaseURL ?? "https://\(request.head.authority ?? "localhost")"
    }

    private func token(_ request: Request) async -> Response {
        guard let buffer = try? await request.body.collect(upTo: 16 * 1024) else {
            return oauthError(.badRequest, "invalid_request", "the form body is larger than 16 KiB")
        }
        let body = String(decoding: buffer.readableBytesView, as: UTF8.self)
        // RFC 6749 §3.2: a parameter sent twice is refused, not decided by whichever came last.
        if let repeated = Self.repeatedNames(in: body).first {
            return oauthError(.badRequest, "invalid_request", "\(repeated) is given more than once: send each parameter once")
        }
        let form = Self.parseForm(body)
        guard let grantType = form["grant_type"] else {
            return oauthError(.badRequest, "invalid_request", "grant_type is missing: send grant_type=client_credentials as application/x-www-form-urlencoded")
        }
        guard grantType == "client_credentials" else {
            return oauthError(.badRequest, "unsupported_grant_type", "only grant_type=client_credentials is supported")
        }
        let header = request.headers[.authorization]
        // RFC 6749 §2.3: one authentication method per request; a Basic header that cannot be
        // read is a failed authentication, not an invitation to try the body's credentials.
        if header != nil, form["client_secret"] != nil {
            return oauthError(.badRequest, "invalid_request", "the client is authenticated twice: send the credentials either with HTTP Basic authentication or in the body, not both")
        }
        let credentials = header == nil ? form["client_id"].flatMap { id in form["client_secret"].map { (id, $0) } } : Self.basicCredentials(header)
        guard let (clientID, secret) = credentials else {
            return oauthError(.unauthorized, "invalid_client", "client authentication failed: send the client id and secret with HTTP Basic authentication")
        }
        let requester: PACTRequester
        let registration: String
        switch await authenticator.authenticate(clientID: clientID, secret: secret) {
        case .authenticated(let found, let registered):
            (requester, registration) = (found, registered)
        case .refused:
            return oauthError(.unauthorized, "invalid_client", "client authentication failed: unknown client id or wrong secret")
        case .lockedOut(let seconds):
            var response = oauthError(
                .unauthorized, "invalid_client", "client authentication failed: too many failed attempts for this client id; try again in \(seconds) seconds"
            )
            response.headers[.retryAfter] = String(seconds)
            return response
        case .storeUnavailable(let reason):
            logger.error("client credentials could not be checked: the store did not answer", metadata: ["error": "\(reason)"])
            return oauthError(.serviceUnavailable, "temporarily_unavailable", "client credentials cannot be checked right now; try again in a few seconds")
        }
        guard let token = try? issuer.issue(for: requester, registration: registration) else {
            return oauthError(.internalServerError, "server_error", "the token could not be signed")
        }
        return Response.json(
            ["access_token": .string(token), "token_type": "Bearer", "expires_in": .number(JSONNumber(Int(issuer.lifetime))), "scope": "pact.read pact.events"],
            headers: [.cacheControl: "no-store"]
        )
    }

    private func oauthError(_ status: HTTPResponse.Status, _ code: String, _ description: String) -> Response {
        var headers = HTTPFields()
        if status == .unauthorized { headers[.wwwAuthenticate] = "Basic realm=\"tsunagu\"" }
        return Response.json(["error": .string(code), "error_description": .string(description)], status: status, headers: headers)
    }

    /// The client id and secret of a Basic `Authorization` header (see ``PACTCredentials/init(basicAuthorization:)``).
    static func basicCredentials(_ header: String?) -> (String, String)? {
        PACTCredentials(basicAuthorization: header).map { ($0.clientID, $0.clientSecret) }
    }

    /// The parameter names that `body` (form-encoded) gives more than once, in the order met.
    static func repeatedNames(in body: String) -> [String] {
        var seen: Set<String> = []
        var repeated: [String] = []
        for pair in body.split(separator: "&") {
            let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0].formDecoded
            if !seen.insert(name).inserted, !repeated.contains(name) { repeated.append(name) }
        }
        return repeated
    }

    static func parseForm(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].formDecoded
            let value = parts.count > 1 ? parts[1].formDecoded : ""
            fields[name] = value
        }
        return fields
    }
}
