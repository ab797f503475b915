import Foundation
import Hummingbird

/// A plain-HTTP upstream on loopback that misbehaves on every path: it answers garbage, or it
/// answers nothing for a minute.
final class MisbehavingUpstream: LoopbackServer {
    /// How it misbehaves.
    enum Behaviour: Sendable {
        /// `200 OK` with a body that is not JSON.
        case garbage
        /// Holds every request for 60 s before answering.
        case silent
    }

    let baseURL: String
    private let task: Task<Void, any Error>

    private init(baseURL: String, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.task = task
    }

    static func start(_ behaviour: Behaviour) async throws -> MisbehavingUpstream {
        let router = Router()
        router.on("**", method: .get) { _, _ in try await answer(behaviour) }
        router.on("**", method: .post) { _, _ in try await answer(behaviour) }
        let (baseURL, task) = try await startLoopbackServer(router)
        return MisbehavingUpstream(baseURL: baseURL, task: task)
    }

    private static func answer(_ behaviour: Behaviour) async throws -> Response {
        if case .silent = behaviour { try await Task.sleep(for: .seconds(60)) }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: "<html>surprise</html>")))
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
