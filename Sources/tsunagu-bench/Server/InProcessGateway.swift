import Foundation
import Logging
import TsunaguGateway

/// A gateway in demo mode running in the benchmark's own process, on a free loopback port.
struct InProcessGateway: Sendable {
    let gateway: Gateway
    let baseURL: String
    let clientID: String
    let clientSecret: String
    let certificatePath: String
    let task: Task<Void, any Error>

    /// Opens and starts a gateway on `configuration` (its port is replaced by a free one).
    static func start(_ configuration: GatewayConfiguration, clientID: String, environment: [String: String] = [:]) async throws -> InProcessGateway {
        var configuration = configuration
        configuration.port = 0
        var logger = Logger(label: "tsunagu-bench.gateway")
        logger.logLevel = .error
        let gateway = try await Gateway.open(configuration: configuration, logger: logger)
        var environment = environment
        environment["TSUNAGU_DEMO_CLIENT_ID"] = clientID
        environment["TSUNAGU_DEMO_CLIENT_SECRET"] = "\(clientID)-secret"
        let setup = DemoSetup(store: gateway.store, importer: FootprintImporter(store: gateway.store, rules: gateway.rules), environment: environment)
        let (credentials, _) = try await setup.prepare(footprintsDirectory: "Demo/footprints")
        let (tls, _) = try TLSMaterial.selfSigned(in: configuration.dataDirectory)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { [environment] in
            try await gateway.run(tls: tls, environment: environment) { continuation.yield($0) }
        }
        for await port in ports {
            return InProcessGateway(
                gateway: gateway, baseURL: "https://127.0.0.1:\(port)", clientID: credentials.clientID, clientSecret: credentials.secret,
                certificatePath: tls.certificatePath, task: task
            )
        }
        throw BenchmarkError("the gateway in \(configuration.dataDirectory) did not start")
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
