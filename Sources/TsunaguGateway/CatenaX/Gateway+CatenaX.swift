import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TsunaguEcosystems
import TsunaguRelay
import TsunaguStore

/// The Catena-X parts of a running gateway: the upstream fetcher and answer channel the relay
/// worker needs, the outbox deliverer of the answers, and the PCF exchange routes.
struct CatenaXGatewayParts: Sendable {
    /// Asks Catena-X partners for footprints.
    let fetcher: CatenaXUpstream
    /// Turns relay answers into PUTs to Catena-X requesters.
    let channel: CatenaXAnswerChannel
    /// Sends those PUTs.
    let deliverer: CatenaXExchangeDeliverer
    /// Which hop may name the requester (`Edc-Bpn`).
    let trust: CatenaXRequesterTrust

    /// The parts for `configuration`; secrets come from `environment`.
    init(configuration: GatewayConfiguration, store: any GatewayStore, httpClient: HTTPClient, environment: [String: String], logger: Logger) {
        fetcher = CatenaXUpstream(httpClient: httpClient, environment: environment)
        channel = CatenaXAnswerChannel()
        deliverer = CatenaXExchangeDeliverer(store: store, httpClient: httpClient, environment: environment)
        trust = Self.trust(configuration: configuration, environment: environment, logger: logger)
    }

    /// Adds `GET`/`PUT /footprintExchange/{requestId}` and the deprecated `/productIds/{productId}`.
    /// - Returns: the services to run beside the server (the publisher of `update=true` pushes).
    func attach<Context: RequestContext>(
        to router: Router<Context>, worker: RelayWorker, store: any GatewayStore, rules: GatewayRules, audit: AuditTrail,
        configuration: GatewayConfiguration, logger: Logger
    ) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let backend = CatenaXGatewayBackend(
            store: store, worker: worker, rules: rules, audit: audit, deadline: configuration.relayDeadlineSeconds,
            retryPolicy: configuration.relayRetryPolicy, logger: logger
        )
        // Asked at every request: the versions follow the rules in force, which SIGHUP reloads.
        let served: @Sendable () -> Set<CatenaXDataModelVersion> = {
            let servable = CatenaXGatewayBackend.servableVersions(rules: rules.snapshot)
            return servable.isEmpty ? [.defaultVersion] : servable
        }
        CatenaXHostRoutes(backend: backend, trust: trust, servingVersions: served, maximumBodyBytes: configuration.maximumBodyBytes).register(on: router)
        return [.init(service: CatenaXUpdatePublisher(store: store, worker: worker, deadline: configuration.relayDeadlineSeconds, logger: logger))]
    }

    /// The `Edc-Bpn` trust rule: the data plane's shared header secret, read from the variable the
    /// configuration names; nobody is trusted (every call 403) when it is unset or too short.
    static func trust(configuration: GatewayConfiguration, environment: [String: String], logger: Logger) -> CatenaXRequesterTrust {
        guard let variable = configuration.catenaXDataPlaneKeyVariable, let secret = environment[variable] else {
            return .nobody
        }
        guard let trust = CatenaXRequesterTrust.sharedSecret(headerName: configuration.catenaXDataPlaneKeyHeader, secret: secret) else {
            logger.error("the Catena-X data plane key is unusable (at least 16 bytes, a valid header name): every Catena-X call is refused", metadata: ["variable": "\(variable)"])
            return .nobody
        }
        return trust
    }
}
