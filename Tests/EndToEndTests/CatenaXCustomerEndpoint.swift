import Foundation
import Hummingbird
import Synchronization
import TsunaguCore

/// A Catena-X customer's own PCF exchange endpoint, as far as answers need it: records every
/// `PUT /footprintExchange/{requestId}` and `PUT /productIds/{productId}` it receives. Plain HTTP
/// on a free loopback port (in production the customer's connector data plane sits here).
final class CatenaXCustomerEndpoint: LoopbackServer {
    /// One PUT received.
    struct Delivery: Sendable {
        let path: String
        let query: [String: String]
        let document: JSONValue
    }

    /// The base URL to register as the customer's partner base URL.
    let baseURL: String
    private let recorder: Recorder
    private let task: Task<Void, any Error>

    private init(baseURL: String, recorder: Recorder, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.recorder = recorder
        self.task = task
    }

    /// Every PUT received so far.
    var deliveries: [Delivery] { recorder.deliveries.withLock { $0 } }

    /// Waits until `count` PUTs have arrived or `timeout` passes; returns what arrived.
    func waitForDeliveries(_ count: Int, timeout: TimeInterval) async throws -> [Delivery] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, deliveries.count < count { try await Task.sleep(for: .milliseconds(20)) }
        return deliveries
    }

    static func start() async throws -> CatenaXCustomerEndpoint {
        let log = Recorder()
        let router = Router()
        for path in ["/footprintExchange/:id", "/productIds/:id"] {
            router.put(RouterPath(path)) { request, _ -> Response in
                let request = request
                let body = try await request.body.collect(upTo: 1 << 22)
                guard let document = try? JSONParser().parse(body.readableBytesView) else { return Response(status: .badRequest) }
                var query: [String: String] = [:]
                for item in request.uri.queryParameters { query[String(item.key)] = String(item.value).removingPercentEncoding ?? String(item.value) }
                log.append(Delivery(path: request.uri.path, query: query, document: document))
                return Response(status: .ok)
            }
        }
        let (baseURL, task) = try await startLoopbackServer(router)
        return CatenaXCustomerEndpoint(baseURL: baseURL, recorder: log, task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// The PUTs received, shared with the route closures.
    fileprivate final class Recorder: Sendable {
        let deliveries = Mutex<[Delivery]>([])

        func append(_ delivery: Delivery) { deliveries.withLock { $0.append(delivery) } }
    }
}
