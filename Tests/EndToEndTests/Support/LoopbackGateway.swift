import AsyncHTTPClient
import NIOSSL

/// A gateway a test started in this process, serving HTTPS on loopback with its own self-signed
/// certificate until the task that runs it is cancelled.
protocol LoopbackGateway: LoopbackServer {
    /// The self-signed certificate the gateway serves (trust it in clients).
    var certificatePath: String { get }
    /// The task running the server.
    var serverTask: Task<Void, any Error> { get }
}

extension LoopbackGateway {
    /// Stops the gateway (graceful shutdown) and waits for it.
    func stop() async {
        serverTask.cancel()
        _ = try? await serverTask.value
    }

    /// An HTTP client that trusts this gateway's certificate.
    func makeClient() -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.file(certificatePath)]
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
    }

    /// Runs `body` with a client that trusts this gateway, then shuts the client down and stops this
    /// gateway and `others`, also when `body` throws.
    func withClient(stopping others: [any LoopbackServer] = [], _ body: (HTTPClient) async throws -> Void) async throws {
        let http = makeClient()
        do {
            try await body(http)
        } catch {
            try? await http.shutdown()
            await stopAll(others)
            throw error
        }
        try await http.shutdown()
        await stopAll(others)
    }

    private func stopAll(_ others: [any LoopbackServer]) async {
        await stop()
        for other in others { await other.stop() }
    }
}
