import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import TsunaguCore
import TsunaguEcosystems

/// `tsunagu-bench pact`: GetFootprint and ListFootprints through the full path (TLS, token
/// check, store, policy, encode) next to a static-bytes route on the same server, in one run;
/// plus the gateway's idle memory and its start-to-ready time.
struct PACTBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pact",
        abstract: "Requests/s of GetFootprint and ListFootprints next to a static route of the same server, idle RSS, start-to-ready."
    )

    @Option(help: "Seconds per measured route.")
    var seconds = 5.0
    @Option(help: "Requests in flight at once.")
    var concurrency = 16
    @Option(help: "Port for the gateway under test.")
    var port = 18443

    func run() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-bench-\(UUID().uuidString)").path
        let gateway = try GatewayProcess.start(port: port, dataDirectory: data)
        defer { gateway.stop() }
        let readiness = try await gateway.waitUntilReady()
        try await Task.sleep(for: .seconds(1))
        let idleRSS = gateway.residentMemoryKiB()
        let idleAnonymous = gateway.anonymousResidentMemoryKiB()

        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.file(data + "/tls/demo-cert.pem")]
        tls.certificateVerification = .noHostnameVerification
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        let base = "https://127.0.0.1:\(port)"
        let token = try await Self.token(client: client, base: base)
        let footprintID = "3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01"
        let load = LoadGenerator(client: client, concurrency: concurrency, duration: seconds)

        _ = try await load.run(url: base + "/bench/static", token: nil, seconds: 1)
        let staticRate = try await load.run(url: base + "/bench/static", token: nil)
        let getRate = try await load.run(url: base + "/3/footprints/\(footprintID)", token: token)
        let listRate = try await load.run(url: base + "/3/footprints?limit=10", token: token)
        let getV2Rate = try await load.run(url: base + "/2/footprints/\(footprintID)", token: token)
        try await client.shutdown()

        func row(_ name: String, _ rate: Double) -> String {
            "\(name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(String(format: "%9.0f", rate)) req/s   \(String(format: "%5.1f", rate / staticRate * 100)) % of static"
        }
        print("PACT host benchmark (\(concurrency) in flight, \(seconds) s per route, TLS on loopback)")
        print(row("static bytes (baseline)", staticRate))
        print(row("GetFootprint v3", getRate))
        print(row("ListFootprints v3 (limit=10)", listRate))
        print(row("GetFootprint v2 (mapped)", getV2Rate))
        print("start-to-ready: \(Int(readiness * 1000)) ms   (target ≤ 500 ms)")
        print(String(
            format: "idle RSS:       %.1f MB = %.1f MiB   (target ≤ 40 MB); of it heap and stacks (RssAnon) %.1f MiB, the rest mapped code",
            Double(idleRSS) * 1024 / 1_000_000, Double(idleRSS) / 1024, Double(idleAnonymous) / 1024
        ))
    }

    static func token(client: HTTPClient, base: String, clientID: String = "bench", secret: String = "bench-secret") async throws -> String {
        var request = HTTPClientRequest(url: base + "/auth/token")
        request.method = .POST
        request.headers.add(name: "Authorization", value: PACTCredentials(clientID: clientID, clientSecret: secret).basicAuthorization)
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: "grant_type=client_credentials"))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 16)
        guard let token = try JSONParser().parse(body.readableBytesView)["access_token"]?.stringValue else {
            throw ValidationError("no token from \(base)/auth/token: \(response.status)")
        }
        return token
    }
}
