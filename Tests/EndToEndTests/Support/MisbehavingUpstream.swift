import Foundation
import Hummingbird
import Synchronization

/// A plain-HTTP upstream on loopback that misbehaves on every path: it answers garbage, or it
/// answers nothing for a minute.
final class MisbehavingUpstream: LoopbackServer {
    /// How it misbehaves.
    enum Behaviour: Sendable {
        /// `200 OK` with a body that is not JSON.
        case garbage
        /// Holds every request for 60 s before answering.
        case silent
        /// `307 Temporary Redirect` to the same path at another base URL.
        case redirect(to: String)
    }

    let baseURL: String
    private let counter: Counter
    private let task: Task<Void, any Error>

    /// How many requests it received.
    var requests: Int { counter.count.withLock { $0 } }

    private init(baseURL: String, counter: Counter, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.counter = counter
        self.task = task
    }

    static func start(_ behaviour: Behaviour) async throws -> MisbehavingUpstream {
        let router = Router()
        let counter = Counter()
        router.on("**", method: .get) { request, _ in counter.add(); return try await answer(behaviour, request) }
        router.on("**", method: .post) { request, _ in counter.add(); return try await answer(behaviour, request) }
        let (baseURL, task) = try await startLoopbackServer(router)
        return MisbehavingUpstream(baseURL: baseURL, counter: counter, task: task)
    }

    /// Counts requests from the server's handlers.
    private final class Counter: Sendable {
        let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
    }

    private static func answer(_ behaviour: Behaviour, _ request: Request) async throws -> Response {
        switch behaviour {
        case .silent: try await Task.sleep(for: .seconds(60))
        case .redirect(let target):
            return Response(status: .temporaryRedirect, headers: [.location: target + request.uri.description])
        case .garbage: break
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: "<html>surprise</html>")))
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
