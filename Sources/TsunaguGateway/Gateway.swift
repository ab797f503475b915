import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import TsunaguCore
import TsunaguEcosystems
import TsunaguRelay
import TsunaguStore

/// One gateway: its store, keys, rules (mappings and policies), routes and background services.
///
/// `run` serves HTTPS until the process is asked to stop, then drains in-flight requests, writes
/// the queued audit entries and stops the callback worker (swift-service-lifecycle).
public struct Gateway: Sendable {
    /// How this gateway runs.
    public let configuration: GatewayConfiguration
    /// Its store.
    public let store: any GatewayStore
    /// Its token issuer.
    public let tokens: TokenIssuer
    /// Its mappings and policies, reloadable as a whole.
    public let rules: GatewayRules
    /// Its logger.
    public let logger: Logger
    /// The lock that makes it the one gateway of its data directory, taken before anything there
    /// is changed and released when `run` ends (or the process does).
    private let lock: DataDirectoryLock

    /// Opens the data folder (creating it, and taking its lock: one gateway serves a data folder),
    /// the store, the signing key and the rules.
    /// - Throws: when another gateway serves the folder, the store or key cannot be opened, or the
    ///   mapping or policy files are broken (every problem listed).
    public static func open(configuration: GatewayConfiguration, logger: Logger) async throws -> Gateway {
        do {
            try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StartupError(description: "the data folder \(configuration.dataDirectory) cannot be made (\(error.localizedDescription)): give --data a folder, or a path where one can be created")
        }
        let lock = try DataDirectoryLock(directory: configuration.dataDirectory)
        let store = try SQLiteStore(path: configuration.databasePath, durability: configuration.sqliteDurability)
        let key = try TokenIssuer.loadOrCreateKey(at: configuration.signingKeyPath)
        let issuer = configuration.publicBaseURL ?? "tsunagu:\(configuration.host):\(configuration.port)"
        let tokens = TokenIssuer(key: key, issuer: issuer, lifetime: TimeInterval(configuration.tokenLifetimeSeconds))
        let rules = try GatewayRules.load(mappings: configuration.mappingsDirectory, policies: configuration.policiesDirectory)
        return Gateway(configuration: configuration, store: store, tokens: tokens, rules: rules, logger: logger, lock: lock)
    }

    /// Serves until shutdown.
    /// - Parameters:
    ///   - tls: the certificate and key to serve.
    ///   - environment: where callback secrets are read from, by the variable names clients registered.
    ///   - onRunning: called with the bound port once the server accepts connections.
    public func run(
        tls: TLSMaterial, environment: [String: String] = ProcessInfo.processInfo.environment,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        defer { lock.release() }
        // The certificate and key first: a wrong path is said before anything starts or calls out.
        let serverTLS: TLSConfiguration
        do {
            serverTLS = try tls.serverConfiguration()
        } catch {
            throw TLSMaterialError("the server certificate \(tls.certificatePath) or key \(tls.privateKeyPath) cannot be loaded: \(error)")
        }
        let routing = RoutingTable(try RelayRouting.load(folder: configuration.routingPath))
        var clientTLS = TLSConfiguration.makeClientConfiguration()
        if let roots = configuration.outboundTrustRootsFile {
            guard FileManager.default.fileExists(atPath: roots) else {
                throw TLSMaterialError("the outbound trust roots file \(roots) does not exist (the conformance receiver's certificate is created by the first `tsunagu conformance` run)")
            }
            // Refused at start, not at the first callback: a broken trust file fails every outbound call.
            guard let certificates = try? NIOSSLCertificate.fromPEMFile(roots), !certificates.isEmpty else {
                throw TLSMaterialError("the outbound trust roots \(roots) are not readable PEM certificates (each one BEGIN/END CERTIFICATE block on its own lines)")
            }
            clientTLS.additionalTrustRoots = [.certificates(certificates)]
        }
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: Self.outboundConfiguration(tls: clientTLS)
        )
        let audit = AuditTrail(store: store, logger: logger)
        let catenaX = CatenaXGatewayParts(configuration: configuration, store: store, httpClient: httpClient, environment: environment, logger: logger)
        let outbox = CallbackOutbox(
            store: store, httpClient: httpClient, logger: logger, environment: environment, deliverers: [catenaX.deliverer],
            releaseStillHolds: { [rules] tenant, fingerprint, decided in rules.releaseStillHolds(ofTenant: tenant, fingerprint: fingerprint, decided: decided) })
        let sourceURL = (configuration.publicBaseURL ?? "https://\(configuration.host):\(configuration.port)") + "/3/events"
        let pactAnswers = PACTAnswerChannel(sourceURL: sourceURL)
        let ouranos: OuranosWiring
        do {
            ouranos = try await OuranosWiring.make(gateway: self, httpClient: httpClient, environment: environment)
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        var dependencies = RelayWorker.Dependencies(
            store: store, rules: rules, routingTable: routing,
            fetchers: [.pact: PACTUpstream(httpClient: httpClient, environment: environment), .catenax: catenaX.fetcher, .ouranos: ouranos.fetcher],
            channels: [.pactV2: pactAnswers, .pactV3: pactAnswers, .catenaX: catenaX.channel, .ouranos: ouranos.channel],
            audit: audit, delivery: outbox
        )
        dependencies.laterAnswerDeadline = configuration.relayLaterAnswerDeadlineSeconds
        let worker = RelayWorker(
            dependencies,
            logger: logger
        )
        // Answers an Ouranos supplier gives after a fetch returned reach the worker, also for the
        // requests it resumes now.
        await ouranos.fetcher.handAnswers(to: worker)
        do {
            try await worker.recover()
        } catch {
            await ouranos.fetcher.stopWatching()
            try? await httpClient.shutdown()
            throw error
        }
        let backend = PACTGatewayBackend(
            store: store, tokens: tokens, gate: RulesReleaseGate(rules: rules), audit: audit, outbox: outbox, sourceURL: sourceURL,
            relay: PACTRelayIntake(worker: worker, deadline: configuration.relayDeadlineSeconds, retryPolicy: configuration.relayRetryPolicy),
            maximumFootprintsPerAnswer: configuration.maximumFootprintsPerAnswer, logger: logger
        )

        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: RequestLoggerMiddleware())
        router.add(middleware: UnknownEndpointMiddleware())
        _ = MetricsExporter.registry
        AuthRoutes(authenticator: ClientAuthenticator(store: store), issuer: tokens, publicBaseURL: configuration.publicBaseURL, logger: logger).register(on: router)
        PACTHostRoutes(backend: backend, publicBaseURL: configuration.publicBaseURL, maximumBodyBytes: configuration.maximumBodyBytes).register(on: router)
        OperationsRoutes(store: store).register(on: router)
        ouranos.register(on: router, worker: worker)
        let catenaXServices = catenaX.attach(to: router, worker: worker, store: store, rules: rules, audit: audit, configuration: configuration, logger: logger)
        if configuration.benchmarkRoutes {
            let staticBody = ByteBuffer(bytes: Array(repeating: UInt8(ascii: " "), count: 2048))
            router.get("/bench/static") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: staticBody))
            }
        }

        let application = Application(
            router: router,
            server: try .tls(
                .http1(configuration: .init(idleTimeout: .seconds(Int64(max(1, configuration.idleConnectionTimeoutSeconds))))),
                tlsConfiguration: serverTLS),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "Tsunagu"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let reload = RulesReloadService(
            rules: rules, mappings: configuration.mappingsDirectory, policies: configuration.policiesDirectory,
            routing: routing, routingFolder: configuration.routingPath, logger: logger)
        // A service group shuts its services down in reverse order: the server drains first (its
        // requests finish and are recorded), then the worker stops recording steps, then the
        // outbox; the audit trail, first here, stops last, after its final flush of what they
        // recorded while they drained.
        let services = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: audit),
                    .init(service: outbox),
                    .init(service: worker),
                    .init(service: application),
                    .init(service: reload),
                ] + catenaXServices,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await services.run()
        } catch {
            // A server that could not start (its port taken) leaves the resumed requests as they
            // were recorded, for the next start: not failed by the calls the shutdown cancels.
            await ouranos.fetcher.stopWatching()
            await worker.stop()
            try? await httpClient.shutdown()
            throw StartupError.explaining(error, host: configuration.host, port: configuration.port)
        }
        await ouranos.fetcher.stopWatching()
        await worker.stop()
        try await httpClient.shutdown()
    }

    /// Outbound calls (callbacks, upstream partners): bounded connect and read times, and enough
    /// connections per partner that a burst of relays does not queue behind a handful.
    private static func outboundConfiguration(tls: TLSConfiguration) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, timeout: .init(connect: .seconds(5), read: .seconds(10)))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        // A partner's redirect is not followed: the headers and bodies that carry secrets (an
        // Ouranos API key and password, a Catena-X data-plane key) would go to the host it names,
        // even over plain HTTP. A redirect is an answer like any other: not the one asked for.
        configuration.redirectConfiguration = .disallow
        // The gateway bootstraps no tracer: the no-op tracer's span and attributes only cost time
        // on every upstream call and relayed answer.
        configuration.tracing.tracer = nil
        return configuration
    }
}
