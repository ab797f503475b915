import Foundation
import Hummingbird
import Synchronization
import TsunaguCore
import TsunaguEcosystems

/// A plain-HTTP PACT v3 host on loopback that answers every ListFootprints after `delay` with
/// one footprint of the asked product (value `pcf`), and counts the calls.
final class SlowPACTUpstream: LoopbackServer {
    let baseURL: String
    private let calls: CallCounter
    private let task: Task<Void, any Error>

    private init(baseURL: String, calls: CallCounter, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.calls = calls
        self.task = task
    }

    /// The number of ListFootprints calls answered or under way.
    var callCount: Int { calls.value.withLock { $0 } }

    static func start(delay: Duration, pcf: String) async throws -> SlowPACTUpstream {
        let counter = CallCounter()
        let router = Router()
        router.post("/auth/token") { _, _ in
            Response.json(["access_token": "slow-token", "token_type": "Bearer", "expires_in": 3600])
        }
        router.get("/3/footprints") { request, _ -> Response in
            counter.increment()
            try await Task.sleep(for: delay)
            let productID = request.uri.queryParameters.get("productId") ?? "urn:unknown"
            let footprint = try RelayFixtures.footprint(productID: productID, pcf: pcf)
            return Response.json(["data": [footprint]])
        }
        let (baseURL, task) = try await startLoopbackServer(router)
        return SlowPACTUpstream(baseURL: baseURL, calls: counter, task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// A call counter shared with route closures.
private final class CallCounter: Sendable {
    let value = Mutex(0)

    func increment() { value.withLock { $0 += 1 } }
}
