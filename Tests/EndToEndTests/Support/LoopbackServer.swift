import Hummingbird

/// A server a test started on loopback and stops at its end.
protocol LoopbackServer: Sendable {
    /// Stops the server and waits for it.
    func stop() async
}

/// Serves `router` over plain HTTP on a free loopback port until the returned task is cancelled.
/// - Returns: the base URL (`http://127.0.0.1:<port>`) and the serving task.
func startLoopbackServer(_ router: Router<BasicRequestContext>) async throws -> (baseURL: String, task: Task<Void, any Error>) {
    let port = PortSignal()
    let application = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { await port.set($0.localAddress?.port ?? 0) }
    )
    let task = Task { try await application.runService() }
    return ("http://127.0.0.1:\(try await port.wait())", task)
}
