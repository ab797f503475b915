import AsyncHTTPClient
import Foundation
import Hummingbird
import Synchronization
import TsunaguCore

/// A Catena-X supplier's PCF exchange API behind its connector: answers `GET
/// /footprintExchange/{requestId}` with 202, then PUTs its answer to the asking gateway, first an
/// invalid document (which must be refused) and then `document`. Plain HTTP on loopback.
final class CatenaXSupplierEndpoint: LoopbackServer {
    /// One GET received and what the gateway answered to the PUTs that followed.
    struct Exchange: Sendable {
        let requestID: String
        let query: [String: String]
        var invalidStatus: Int?
        var validStatus: Int?
    }

    let baseURL: String
    private let state: State
    private let task: Task<Void, any Error>

    private init(baseURL: String, state: State, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.state = state
        self.task = task
    }

    var exchanges: [Exchange] { state.exchanges.withLock { $0 } }

    /// Where the supplier PUTs its answers (the gateway's base URL) with the headers its data plane would set.
    func answer(to gateway: String, client: HTTPClient, headers: [String: String]) {
        state.target.withLock { $0 = Target(baseURL: gateway, client: client, headers: headers) }
    }

    /// Waits until `count` exchanges have both PUT statuses or `timeout` passes.
    func waitForExchanges(_ count: Int, timeout: TimeInterval) async throws -> [Exchange] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, exchanges.filter({ $0.validStatus != nil }).count < count { try await Task.sleep(for: .milliseconds(20)) }
        return exchanges
    }

    static func start(document: JSONValue) async throws -> CatenaXSupplierEndpoint {
        let state = State()
        let router = Router()
        router.get("/footprintExchange/:id") { request, context -> Response in
            let requestID = context.parameters.get("id") ?? ""
            var query: [String: String] = [:]
            for item in request.uri.queryParameters { query[String(item.key)] = String(item.value).removingPercentEncoding ?? String(item.value) }
            let index = state.exchanges.withLock { exchanges in
                exchanges.append(Exchange(requestID: requestID, query: query))
                return exchanges.count - 1
            }
            Task { await state.putAnswers(requestID: requestID, index: index, document: document) }
            return Response(status: .accepted)
        }
        let (baseURL, task) = try await startLoopbackServer(router)
        return CatenaXSupplierEndpoint(baseURL: baseURL, state: state, task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    struct Target: Sendable {
        let baseURL: String
        let client: HTTPClient
        let headers: [String: String]
    }

    final class State: Sendable {
        let exchanges = Mutex<[Exchange]>([])
        let target = Mutex<Target?>(nil)

        func putAnswers(requestID: String, index: Int, document: JSONValue) async {
            guard let target = target.withLock({ $0 }) else { return }
            let invalid = await put(["not": "a pcf"], requestID: requestID, target: target)
            exchanges.withLock { $0[index].invalidStatus = invalid }
            let valid = await put(document, requestID: requestID, target: target)
            exchanges.withLock { $0[index].validStatus = valid }
        }

        private func put(_ document: JSONValue, requestID: String, target: Target) async -> Int {
            var request = HTTPClientRequest(url: "\(target.baseURL)/footprintExchange/\(requestID)?update=false")
            request.method = .PUT
            for (name, value) in target.headers { request.headers.add(name: name, value: value) }
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(Array(JSONWriter().string(document).utf8))
            guard let response = try? await target.client.execute(request, timeout: .seconds(120)) else { return 0 }
            _ = try? await response.body.collect(upTo: 1 << 20)
            return Int(response.status.code)
        }
    }
}
