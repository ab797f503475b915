import Hummingbird
import Synchronization

/// A router served on a free loopback port for as long as a test's body runs.
enum LoopbackRouter {
    /// Serves `router` on 127.0.0.1 while `body` runs with the base URL (`http://127.0.0.1:PORT`).
    static func serve<Result>(_ router: Router<BasicRequestContext>, _ body: (String) async throws -> Result) async throws -> Result {
        let bound = Mutex<Int?>(nil)
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: { channel in
            bound.withLock { $0 = channel.localAddress?.port }
        })
        let task = Task { try await application.runService() }
        defer { task.cancel() }
        var port: Int?
        for _ in 0..<1000 where port == nil {
            try await Task.sleep(for: .milliseconds(10))
            port = bound.withLock { $0 }
        }
        guard let port else { throw CancellationError() }
        return try await body("http://127.0.0.1:\(port)")
    }
}
