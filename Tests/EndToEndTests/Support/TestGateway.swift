import AsyncHTTPClient
import Foundation
import Logging
import NIOSSL
import TsunaguGateway

/// A real Tsunagu gateway in demo mode, serving HTTPS on a free loopback port, for end-to-end tests.
///
/// Its data folder is a fresh temporary folder unless one is given (to restart a gateway on the
/// same data). `stop()` shuts it down gracefully.
final class TestGateway: LoopbackGateway {
    /// The base URL, `https://127.0.0.1:<port>`.
    let baseURL: String
    /// The demo client's id.
    let clientID: String
    /// The demo client's secret.
    let clientSecret: String
    /// The data folder.
    let dataDirectory: String
    /// The self-signed certificate the gateway serves (trust it in clients).
    let certificatePath: String
    /// The running gateway.
    let gateway: Gateway
    let serverTask: Task<Void, any Error>

    private init(baseURL: String, clientID: String, clientSecret: String, dataDirectory: String, certificatePath: String, gateway: Gateway, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.dataDirectory = dataDirectory
        self.certificatePath = certificatePath
        self.gateway = gateway
        self.serverTask = task
    }

    /// Starts a gateway.
    /// - Parameters:
    ///   - environment: the demo variables (`TSUNAGU_DEMO_CALLBACK_URL` …) and callback secrets.
    ///   - trustRoots: a PEM file of authorities trusted for callbacks (a test receiver's certificate).
    ///   - configure: changes to the configuration (relay deadlines, routing folder).
    static func start(
        dataDirectory: String? = nil, environment: [String: String] = [:], trustRoots: String? = nil, policies: String = RepositoryPaths.policies,
        configure: (inout GatewayConfiguration) -> Void = { _ in }
    ) async throws -> TestGateway {
        var configuration = GatewayConfiguration()
        configuration.port = 0
        configuration.dataDirectory = try dataDirectory ?? RepositoryPaths.temporaryDirectory("tsunagu-e2e")
        configuration.mappingsDirectory = RepositoryPaths.mappings
        configuration.policiesDirectory = policies
        configuration.outboundTrustRootsFile = trustRoots
        configure(&configuration)
        var logger = Logger(label: "tsunagu-test")
        logger.logLevel = .warning
        let gateway = try await Gateway.open(configuration: configuration, logger: logger)
        var demoEnvironment = environment
        demoEnvironment["TSUNAGU_DEMO_CLIENT_ID"] = demoEnvironment["TSUNAGU_DEMO_CLIENT_ID"] ?? "e2e-client"
        demoEnvironment["TSUNAGU_DEMO_CLIENT_SECRET"] = demoEnvironment["TSUNAGU_DEMO_CLIENT_SECRET"] ?? "e2e-secret-\(UUID().uuidString)"
        let setup = DemoSetup(store: gateway.store, importer: FootprintImporter(store: gateway.store, rules: gateway.rules), environment: demoEnvironment)
        let (credentials, report) = try await setup.prepare(footprintsDirectory: RepositoryPaths.demoFootprints)
        guard report.refused.isEmpty else {
            throw TestGatewayError("demo footprints refused: \(report.refused.flatMap(\.diagnostics).map(\.description))")
        }
        let (tls, _) = try TLSMaterial.selfSigned(in: configuration.dataDirectory)
        let port = PortSignal()
        let task = Task {
            try await gateway.run(tls: tls, environment: demoEnvironment) { await port.set($0) }
        }
        let bound = try await port.wait()
        return TestGateway(
            baseURL: "https://127.0.0.1:\(bound)", clientID: credentials.clientID, clientSecret: credentials.secret,
            dataDirectory: configuration.dataDirectory, certificatePath: tls.certificatePath, gateway: gateway, task: task
        )
    }

}

/// Hands the bound port from the server's start-up callback to the test.
actor PortSignal {
    private var port: Int?

    func set(_ port: Int) { self.port = port }

    /// How long a server may take to bind. The suite starts many gateways at once while the
    /// property tests keep both cores busy: a start has taken just over 30 s in CI, so the
    /// limit only catches a server that never starts.
    static let startTimeout: TimeInterval = 120

    func wait(timeout: TimeInterval = PortSignal.startTimeout) async throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let port { return port }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestGatewayError("the gateway did not start within \(timeout) s")
    }
}

struct TestGatewayError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

extension TestGateway {
    /// Runs `body` with a client of this gateway and a token of the demo client, then shuts the
    /// client and the gateway down, also when `body` throws.
    func session(_ body: (PACTTestClient, String) async throws -> Void) async throws {
        do {
            try await sessionKeepingGateway(body)
        } catch {
            await stop()
            throw error
        }
        await stop()
    }
}

extension TestGateway {
    /// Like `session`, but leaves the gateway running.
    func sessionKeepingGateway(_ body: (PACTTestClient, String) async throws -> Void) async throws {
        let http = makeClient()
        do {
            let client = PACTTestClient(http: http, baseURL: baseURL)
            try await body(client, try await client.token(clientID: clientID, secret: clientSecret))
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }
}
