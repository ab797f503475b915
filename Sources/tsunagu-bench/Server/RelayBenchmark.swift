import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import TsunaguCore
import TsunaguGateway
import TsunaguRelay

/// `tsunagu-bench relay`: the latency a relay adds. A requester asks the relaying gateway for a
/// footprint held by an upstream PACT gateway and waits for the answer on its own endpoint; the
/// same footprint is also fetched straight from the upstream. Both run one request at a time,
/// in the same run, on loopback with TLS.
struct RelayBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Relay latency p50/p99 (Catena-X and PACT requesters → relaying gateway → upstream PACT gateway → answer) next to a direct call to the upstream."
    )

    @Option(help: "Measured requests per path.")
    var requests = 300
    @Option(help: "Unmeasured warm-up requests per path.")
    var warmup = 30

    static let product = "urn:tsunagu:demo:product:steel-coil-hr-2mm"
    /// The Catena-X customer's BPN, as its connector's data plane states it.
    static let customerBPN = "BPNL00000000BNCH"
    /// The secret the data plane proves itself with (the gateway trusts `Edc-Bpn` only with it).
    static let dataPlaneKey = "relay-benchmark-data-plane-key"

    func run() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-bench-relay-\(UUID().uuidString)").path
        var upstreamSettings = GatewayConfiguration()
        upstreamSettings.dataDirectory = root + "/upstream"
        let upstream = try await InProcessGateway.start(upstreamSettings, clientID: "relay-gateway")
        let receiver = try AnswerReceiver()
        let receiverURL = try await receiver.start()
        let relay = try await Self.startRelay(root: root, upstream: upstream, receiverURL: receiverURL, receiverCertificate: receiver.certificate.certificatePEM)

        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.file(upstream.certificatePath), .file(relay.certificatePath)]
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            let upstreamToken = try await PACTBenchmark.token(client: client, base: upstream.baseURL, clientID: upstream.clientID, secret: upstream.clientSecret)
            let relayToken = try await PACTBenchmark.token(client: client, base: relay.baseURL, clientID: relay.clientID, secret: relay.clientSecret)
            let direct = try await Self.measure(count: requests, warmup: warmup) { _ in
                try await Self.directCall(client: client, base: upstream.baseURL, token: upstreamToken)
            }
            let acknowledged = AcknowledgementTimes()
            let relayed = try await Self.measure(count: requests, warmup: warmup) { index in
                try await Self.relayedCall(index: index, client: client, base: relay.baseURL, token: relayToken, receiver: receiver, acknowledged: acknowledged)
            }
            let catenaX = try await Self.measure(count: requests, warmup: warmup) { index in
                try await Self.catenaXCall(index: index, client: client, base: relay.baseURL, receiver: receiver)
            }
            print("Relay benchmark (\(requests) requests per path, one at a time, TLS on loopback)")
            print(Self.row("direct: ListFootprints at the upstream", direct))
            print(Self.row("relayed: RequestCreated → RequestFulfilled", relayed))
            print(Self.row("  of which RequestCreated → 200 (stored)", Latencies(await acknowledged.samples)))
            print(Self.row("relayed: Catena-X GET → PUT answer", catenaX))
            print(String(format: "added by the relay at p50: %.2f ms for Catena-X, %.2f ms for PACT   (target ≤ 2 ms)", (catenaX.p50 - direct.p50) * 1000, (relayed.p50 - direct.p50) * 1000))
        } catch {
            try? await client.shutdown()
            await relay.stop()
            await upstream.stop()
            await receiver.stop()
            throw error
        }
        try await client.shutdown()
        await relay.stop()
        await upstream.stop()
        await receiver.stop()
    }

    /// The relaying gateway: routes the demo steel coil to the upstream, may distribute it, answers on the receiver.
    static func startRelay(root: String, upstream: InProcessGateway, receiverURL: String, receiverCertificate: String) async throws -> InProcessGateway {
        var settings = GatewayConfiguration()
        settings.dataDirectory = root + "/relay"
        settings.policiesDirectory = root + "/policies"
        let files = FileManager.default
        try files.createDirectory(atPath: settings.dataDirectory + "/routing", withIntermediateDirectories: true)
        try files.createDirectory(atPath: settings.policiesDirectory, withIntermediateDirectories: true)
        try "rules:\n  - productIdPrefix: \"\(product)\"\n    from: partner:upstream\n".write(toFile: settings.dataDirectory + "/routing/demo.yaml", atomically: true, encoding: .utf8)
        try #"{"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "@id": "bench-relay", "urn:tsunagu:policy:assignTo": {"tenant": "demo"}, "permission": [{"action": "use"}, {"action": "distribute"}]}"#
            .write(toFile: settings.policiesDirectory + "/bench-relay.json", atomically: true, encoding: .utf8)
        let roots = root + "/relay-trust.pem"
        try (receiverCertificate + "\n" + String(contentsOfFile: upstream.certificatePath, encoding: .utf8)).write(toFile: roots, atomically: true, encoding: .utf8)
        settings.outboundTrustRootsFile = roots
        let relay = try await InProcessGateway.start(settings, clientID: "requester", environment: [
            "TSUNAGU_DEMO_CALLBACK_URL": receiverURL, "TSUNAGU_DEMO_CALLBACK_CLIENT_ID": "requester", "TSUNAGU_DEMO_CALLBACK_SECRET": "unused",
            "UPSTREAM_SECRET": upstream.clientSecret, "TSUNAGU_CX_DATA_PLANE_KEY": dataPlaneKey,
        ])
        let partner = try Partner(
            name: "upstream", tenant: "demo", ecosystem: .pact, baseURL: upstream.baseURL, model: "pact@3.0.0",
            outbound: OutboundCredentials(clientID: upstream.clientID, secretVariable: "UPSTREAM_SECRET")
        )
        try await relay.gateway.store.addPartner(partner.stored(created: Date()))
        let customer = try Partner(name: "cx-customer", tenant: "demo", ecosystem: .catenax, baseURL: receiverURL, bpn: customerBPN, model: "catenax-pcf@9.0.0")
        try await relay.gateway.store.addPartner(customer.stored(created: Date()))
        return relay
    }

    static func directCall(client: HTTPClient, base: String, token: String) async throws {
        var request = HTTPClientRequest(url: base + "/3/footprints?productId=" + product)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 22)
        guard response.status == .ok, body.readableBytes > 0 else { throw BenchmarkError("the upstream answered \(response.status)") }
    }

    static func relayedCall(
        index: Int, client: HTTPClient, base: String, token: String, receiver: AnswerReceiver, acknowledged: AcknowledgementTimes
    ) async throws {
        let start = ContinuousClock.now
        let id = "bench-\(index)-\(UUID().uuidString)"
        let event: JSONValue = [
            "type": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "specversion": "1.0", "id": .string(id),
            "source": "https://requester.example/3/events", "time": "2026-11-29T00:00:00Z", "data": ["productId": [.string(product)]],
        ]
        var request = HTTPClientRequest(url: base + "/3/events")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/cloudevents+json")
        request.body = .bytes(ByteBuffer(bytes: JSONWriter().bytes(event)))
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 16)
        guard response.status == .ok else { throw BenchmarkError("the relay answered \(response.status) to RequestCreated") }
        if index >= 0 { await acknowledged.add(ContinuousClock.now - start) }
        _ = await receiver.arrival(of: id)
    }

    /// A Catena-X customer's request through its connector (which adds `Edc-Bpn` and the data-plane
    /// key), answered by a PUT to the customer's endpoint.
    static func catenaXCall(index: Int, client: HTTPClient, base: String, receiver: AnswerReceiver) async throws {
        let id = "cx-bench-\(index)-\(UUID().uuidString)"
        var request = HTTPClientRequest(url: base + "/footprintExchange/\(id)?manufacturerPartId=" + product)
        request.headers.add(name: "Edc-Bpn", value: customerBPN)
        request.headers.add(name: "X-Data-Plane-Key", value: dataPlaneKey)
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 16)
        guard response.status == .accepted else { throw BenchmarkError("the relay answered \(response.status) to the Catena-X request") }
        _ = await receiver.arrival(of: id)
    }

    /// Latencies of `count` calls made one after another, after `warmup` unmeasured ones.
    static func measure(count: Int, warmup: Int, _ call: (Int) async throws -> Void) async throws -> Latencies {
        for index in 0..<warmup { try await call(-1 - index) }
        var samples: [TimeInterval] = []
        for index in 0..<count {
            let start = ContinuousClock.now
            try await call(index)
            let elapsed = ContinuousClock.now - start
            samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return Latencies(samples)
    }

    static func row(_ name: String, _ latencies: Latencies) -> String {
        "\(name.padding(toLength: 46, withPad: " ", startingAt: 0)) p50 \(String(format: "%7.2f", latencies.p50 * 1000)) ms   p99 \(String(format: "%7.2f", latencies.p99 * 1000)) ms"
    }
}

/// How long the relaying gateway took to acknowledge each measured request.
actor AcknowledgementTimes {
    private(set) var samples: [TimeInterval] = []

    func add(_ elapsed: Duration) {
        samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

/// Percentiles of a set of latencies, in seconds.
struct Latencies {
    let p50: TimeInterval
    let p99: TimeInterval

    init(_ samples: [TimeInterval]) {
        let sorted = samples.sorted()
        func percentile(_ p: Double) -> TimeInterval {
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
        }
        p50 = percentile(0.5)
        p99 = percentile(0.99)
    }
}
