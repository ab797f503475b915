import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOHTTP1
import NIOSSL

/// Stands in for a Catena-X connector's data plane between two gateways: forwards every call to
/// `target` and adds the headers the provider's data plane adds (`Edc-Bpn` naming the consumer,
/// the shared data-plane key).
final class DataPlaneProxy: LoopbackServer {
    let baseURL: String
    private let task: Task<Void, any Error>
    private let client: HTTPClient

    private init(baseURL: String, task: Task<Void, any Error>, client: HTTPClient) {
        self.baseURL = baseURL
        self.task = task
        self.client = client
    }

    static func start(to target: String, adding headers: [String: String], trusting certificate: String) async throws -> DataPlaneProxy {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.file(certificate)]
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        let router = Router()
        for method in [HTTPRequest.Method.get, .put, .post] {
            router.on("**", method: method) { request, _ -> Response in
                var outgoing = HTTPClientRequest(url: target + request.uri.description)
                outgoing.method = HTTPMethod(rawValue: method.rawValue)
                if let type = request.headers[.contentType] { outgoing.headers.add(name: "Content-Type", value: type) }
                for (name, value) in headers { outgoing.headers.add(name: name, value: value) }
                let body = try await request.body.collect(upTo: 1 << 22)
                if body.readableBytes > 0 { outgoing.body = .bytes(body) }
                let response = try await client.execute(outgoing, timeout: .seconds(120))
                let answer = try await response.body.collect(upTo: 1 << 22)
                return Response(status: .init(code: Int(response.status.code)), headers: [.contentType: "application/json"], body: .init(byteBuffer: answer))
            }
        }
        do {
            let (baseURL, task) = try await startLoopbackServer(router)
            return DataPlaneProxy(baseURL: baseURL, task: task, client: client)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
        try? await client.shutdown()
    }
}
