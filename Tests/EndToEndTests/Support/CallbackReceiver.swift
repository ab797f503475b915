import Foundation
import Hummingbird
import HummingbirdTLS
import Synchronization
import TsunaguCore
import TsunaguGateway

/// A requester's own PACT API, as far as callbacks need it: a token endpoint that accepts one
/// client, and `/2/events` and `/3/events` that record what they receive. Serves HTTPS on a
/// free loopback port with its own self-signed certificate.
final class CallbackReceiver: Sendable {
    /// The base URL to register as the callback URL.
    let baseURL: String
    /// The certificate to trust for callbacks.
    let certificatePath: String
    let clientID = "receiver-client"
    let clientSecret = "receiver-secret"
    private let log: EventLog
    private let task: Task<Void, any Error>

    private init(baseURL: String, certificatePath: String, log: EventLog, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.certificatePath = certificatePath
        self.log = log
        self.task = task
    }

    /// Every event received so far.
    var events: [JSONValue] { log.events }

    /// Waits until `count` events have arrived or `timeout` passes; returns what arrived.
    func waitForEvents(_ count: Int, timeout: TimeInterval) async throws -> [JSONValue] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, events.count < count { try await Task.sleep(for: .milliseconds(20)) }
        return events
    }

    static func start() async throws -> CallbackReceiver {
        let folder = try RepositoryPaths.temporaryDirectory("tsunagu-receiver")
        let (tls, _) = try TLSMaterial.selfSigned(in: folder)
        let log = EventLog()
        let router = Router()
        router.post("/auth/token") { request, _ -> Response in
            let expected = "Basic " + Data("receiver-client:receiver-secret".utf8).base64EncodedString()
            guard request.headers[.authorization] == expected else {
                return Response(status: .unauthorized)
            }
            return Response.json(["access_token": "receiver-token", "token_type": "Bearer", "expires_in": 3600])
        }
        for version in ["2", "3"] {
            router.post("/\(version)/events") { request, _ -> Response in
                guard request.headers[.authorization] == "Bearer receiver-token" else { return Response(status: .badRequest) }
                var request = request
                let body = try await request.body.collect(upTo: 1 << 22)
                let event = try JSONParser().parse(body.readableBytesView)
                log.append(event)
                return Response(status: .ok)
            }
        }
        let port = PortSignal()
        let application = Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: try tls.serverConfiguration()),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { await port.set($0.localAddress?.port ?? 0) }
        )
        let task = Task { try await application.runService() }
        let bound = try await port.wait(timeout: 30)
        return CallbackReceiver(baseURL: "https://127.0.0.1:\(bound)", certificatePath: tls.certificatePath, log: log, task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// The events a receiver got, shared with its route closures.
final class EventLog: Sendable {
    private let received = Mutex<[JSONValue]>([])

    var events: [JSONValue] { received.withLock { $0 } }

    func append(_ event: JSONValue) { received.withLock { $0.append(event) } }
}
