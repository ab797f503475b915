import AsyncHTTPClient
import Crypto
import Foundation
import Hummingbird
import TsunaguCore
import TsunaguEcosystems
import TsunaguStore

/// What ``Gateway/run(tls:environment:onRunning:)`` needs to speak Ouranos: the fetcher for
/// Ouranos partners, the answer channel for Ouranos buyers, and the host routes, registered once
/// the relay worker exists.
struct OuranosWiring: Sendable {
    let fetcher: OuranosUpstream
    let channel = OuranosAnswerChannel()
    private let gateway: Gateway
    private let environment: [String: String]
    private let store: any GatewayStore & OuranosStore
    private let accessTokens: TokenIssuer
    private let refreshTokens: TokenIssuer

    /// Checks the Ouranos settings and prepares the wiring; on failure `httpClient` is shut down
    /// (the gateway does not start).
    /// - Throws: ``DiagnosticsError`` listing every problem of the settings, or the key file's error.
    static func make(gateway: Gateway, httpClient: HTTPClient, environment: [String: String]) async throws -> OuranosWiring {
        do {
            return try OuranosWiring(gateway: gateway, httpClient: httpClient, environment: environment)
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    private init(gateway: Gateway, httpClient: HTTPClient, environment: [String: String]) throws {
        let configuration = gateway.configuration
        let problems = configuration.ouranos.problems
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        guard let store = gateway.store as? any GatewayStore & OuranosStore else {
            throw DiagnosticsError([Diagnostic(pointer: .root, message: "the gateway's store does not keep Ouranos parts and trades")])
        }
        let key = try TokenIssuer.loadOrCreateKey(at: configuration.signingKeyPath)
        let issuer = gateway.tokens.issuer
        self.accessTokens = TokenIssuer(key: key, issuer: issuer + "/ouranos", lifetime: TimeInterval(configuration.tokenLifetimeSeconds))
        self.refreshTokens = TokenIssuer(key: key, issuer: issuer + "/ouranos/refresh", lifetime: TimeInterval(configuration.ouranos.refreshTokenLifetimeSeconds))
        self.store = store
        self.gateway = gateway
        self.environment = environment
        self.fetcher = OuranosUpstream(
            httpClient: httpClient, environment: environment, settings: configuration.ouranos, store: store, logger: gateway.logger,
            answerWait: configuration.relayLaterAnswerDeadlineSeconds)
    }

    /// Adds the Ouranos host routes (`/auth/login`, `/auth/refresh`, `/api/v1/authInfo`,
    /// `/api/v1/datatransport`) to `router`, answering trade requests through `worker`.
    func register(on router: Router<BasicRequestContext>, worker: RelayWorker) {
        let configuration = gateway.configuration
        let backend = OuranosGatewayBackend(
            store: store, settings: configuration.ouranos, accessTokens: accessTokens, refreshTokens: refreshTokens, worker: worker,
            rules: gateway.rules, environment: environment, deadline: configuration.relayDeadlineSeconds,
            retryPolicy: configuration.relayRetryPolicy, logger: gateway.logger
        )
        OuranosHostRoutes(backend: backend, publicBaseURL: configuration.publicBaseURL, maximumBodyBytes: configuration.maximumBodyBytes).register(on: router)
    }
}
