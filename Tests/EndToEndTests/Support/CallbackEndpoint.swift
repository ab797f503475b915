import Foundation
import Logging
import TsunaguCore
import TsunaguEcosystems

/// A requester's own PACT API for the callback tests: the conformance suite's
/// ``PACTCallbackReceiver`` on a free loopback port, accepting one client, with its certificate
/// written to a file a gateway can trust (`--trust-roots`).
struct CallbackEndpoint: LoopbackServer {
    /// The receiver.
    let receiver: PACTCallbackReceiver
    /// Its base URL, to register as the callback URL.
    let baseURL: String
    /// Its certificate, PEM, for the gateway's outbound trust roots.
    let certificatePath: String
    /// The only credentials its token endpoint accepts.
    let credentials: PACTCredentials

    /// The demo variables that register this endpoint for the demo client's callbacks.
    var demoEnvironment: [String: String] {
        [
            "TSUNAGU_DEMO_CALLBACK_URL": baseURL, "TSUNAGU_DEMO_CALLBACK_CLIENT_ID": credentials.clientID,
            "TSUNAGU_DEMO_CALLBACK_SECRET": credentials.clientSecret,
        ]
    }

    static func start(
        credentials: PACTCredentials = PACTCredentials(clientID: "receiver-client", clientSecret: "receiver-secret"), port: Int = 0,
        certificate: SelfSignedCertificate? = nil
    ) async throws -> CallbackEndpoint {
        var quiet = Logger(label: "callback-receiver")
        quiet.logLevel = .critical
        let receiver = try PACTCallbackReceiver(configuration: .init(port: port, credentials: credentials), certificate: certificate, logger: quiet)
        let baseURL = try await receiver.start()
        let certificatePath = try RepositoryPaths.temporaryDirectory("tsunagu-receiver") + "/callback-cert.pem"
        try receiver.certificate.certificatePEM.write(toFile: certificatePath, atomically: true, encoding: .utf8)
        return CallbackEndpoint(receiver: receiver, baseURL: baseURL, certificatePath: certificatePath, credentials: credentials)
    }

    /// The same requester after a restart: its port, certificate and credentials, but none of the
    /// tokens it issued before (stop this one first).
    func restarted() async throws -> CallbackEndpoint {
        let port = Int(baseURL.split(separator: ":").last ?? "") ?? 0
        return try await Self.start(credentials: credentials, port: port, certificate: receiver.certificate)
    }

    /// The events received with a token this endpoint issued, oldest first.
    func events() async -> [JSONValue] {
        await receiver.receivedEvents().filter(\.authorized).compactMap(\.json)
    }

    /// Waits until `count` events have arrived or `timeout` passes; returns what arrived.
    func waitForEvents(_ count: Int, timeout: TimeInterval) async throws -> [JSONValue] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, await events().count < count { try await Task.sleep(for: .milliseconds(20)) }
        return await events()
    }

    func stop() async {
        await receiver.stop()
    }
}
