import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import TsunaguCore
import TsunaguEcosystems

/// The requester's side of a relay benchmark: an HTTPS server taking PACT callback events
/// (`POST /3/events`, with its token endpoint) and Catena-X answers (`PUT
/// /footprintExchange/{requestId}`), and telling the benchmark the moment each answer arrived.
actor AnswerReceiver {
    private var waiting: [String: CheckedContinuation<Date, Never>] = [:]
    private var arrived: [String: Date] = [:]
    private var server: Task<Void, any Error>?
    let certificate: SelfSignedCertificate

    init() throws {
        certificate = try SelfSignedCertificate(commonName: "Tsunagu relay benchmark receiver")
    }

    /// Starts listening on a free loopback port. - Returns: the base URL.
    func start() async throws -> String {
        let router = Router()
        router.post("/auth/token") { _, _ in
            Response.json(["access_token": "bench-receiver-token", "token_type": "Bearer", "expires_in": 3600])
        }
        router.post("/3/events") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 22)
            let event = try JSONParser().parse(body.readableBytesView)
            if let id = event["data"]?["requestEventId"]?.stringValue { await self.arrive(id) }
            return Response(status: .ok)
        }
        router.put("/footprintExchange/{requestId}") { request, context -> Response in
            _ = try await request.body.collect(upTo: 1 << 22)
            if let id = context.parameters.get("requestId") { await self.arrive(id) }
            return Response(status: .ok)
        }
        var logger = Logger(label: "tsunagu-bench.receiver")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: try certificate.serverTLSConfiguration()),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            logger: logger
        )
        server = Task { try await application.runService() }
        for await port in ports { return "https://127.0.0.1:\(port)" }
        throw BenchmarkError("the answer receiver did not start")
    }

    /// The moment the answer to `id` arrived, waiting for it.
    func arrival(of id: String) async -> Date {
        if let time = arrived.removeValue(forKey: id) { return time }
        return await withCheckedContinuation { waiting[id] = $0 }
    }

    func stop() async {
        server?.cancel()
        _ = try? await server?.value
    }

    private func arrive(_ id: String) {
        let now = Date()
        if let waiter = waiting.removeValue(forKey: id) { waiter.resume(returning: now) } else { arrived[id] = now }
    }
}
