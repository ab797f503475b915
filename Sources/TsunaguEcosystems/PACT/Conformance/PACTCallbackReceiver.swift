import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import TsunaguCore

/// The conformance suite's own small PACT host for callbacks: an HTTPS listener with
/// `/auth/token` (client credentials), `/.well-known/openid-configuration` and
/// `/2/events` + `/3/events`, recording every event it receives.
///
/// The host under test answers `RequestCreated` by obtaining a token here and posting
/// `RequestFulfilled` or `RequestRejected` to the events endpoint of its version. For that, the
/// host must know this receiver's URL and credentials; Tsunagu's demo mode takes them from
/// `TSUNAGU_DEMO_CALLBACK_URL`, `TSUNAGU_DEMO_CALLBACK_CLIENT_ID` and `TSUNAGU_DEMO_CALLBACK_SECRET`.
public actor PACTCallbackReceiver {
    /// Where to listen and whom to let in.
    public struct Configuration: Sendable {
        /// The address to bind (`127.0.0.1`, `0.0.0.0`, a host name).
        public var host: String
        /// The port; 0 picks a free one.
        public var port: Int
        /// The host name put into the receiver's URL, when the host under test reaches it under
        /// another name than ``host`` (such as a public name when binding `0.0.0.0`).
        public var advertisedHost: String?
        /// The only credentials accepted at `/auth/token`; `nil` accepts any non-empty pair.
        public var credentials: PACTCredentials?
        /// The largest event body accepted.
        public var maximumBodyBytes: Int

        /// Creates a configuration (default: `127.0.0.1`, a free port, any credentials).
        public init(host: String = "127.0.0.1", port: Int = 0, advertisedHost: String? = nil, credentials: PACTCredentials? = nil, maximumBodyBytes: Int = 16 * 1024 * 1024) {
            self.host = host
            self.port = port
            self.advertisedHost = advertisedHost
            self.credentials = credentials
            self.maximumBodyBytes = maximumBodyBytes
        }
    }

    /// The configuration in use.
    public nonisolated let configuration: Configuration
    /// The self-signed certificate the receiver serves; its host names include the bind and advertised hosts.
    public nonisolated let certificate: SelfSignedCertificate
    private let inbox = PACTCallbackInbox()
    private var server: Task<Void, Never>?
    private var boundPort: Int?
    private let logger: Logger

    /// Creates a receiver; call ``start()`` to listen.
    /// - Parameter certificate: the certificate to serve; by default a new one for the bind and advertised hosts.
    /// - Throws: when the certificate cannot be made.
    public init(configuration: Configuration = Configuration(), certificate: SelfSignedCertificate? = nil, logger: Logger = Logger(label: "tsunagu.conformance.callbacks")) throws {
        self.configuration = configuration
        self.certificate = try certificate ?? SelfSignedCertificate(hostNames: Self.hostNames(for: configuration))
        self.logger = logger
    }

    /// The names the receiver's certificate must carry.
    public static func hostNames(for configuration: Configuration) -> [String] {
        [configuration.host] + (configuration.advertisedHost.map { [$0] } ?? [])
    }

    /// The receiver's base URL (`https://host:port`) once started.
    public var baseURL: String? {
        guard let boundPort else { return nil }
        let host = configuration.advertisedHost ?? (configuration.host == "0.0.0.0" ? "127.0.0.1" : configuration.host)
        let shown = host.contains(":") ? "[\(host)]" : host
        return "https://\(shown):\(boundPort)"
    }

    /// Starts listening and returns the base URL.
    /// - Throws: when the address cannot be bound.
    @discardableResult
    public func start() async throws -> String {
        if let baseURL { return baseURL }
        let (ports, continuation) = AsyncThrowingStream.makeStream(of: Int.self)
        let router = Router()
        Self.addRoutes(to: router, inbox: inbox, credentials: configuration.credentials, maximumBodyBytes: configuration.maximumBodyBytes)
        let application = Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: try certificate.serverTLSConfiguration()),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
        server = Task {
            do {
                try await application.run()
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        for try await port in ports {
            boundPort = port
            break
        }
        guard let baseURL else { throw CancellationError() }
        return baseURL
    }

    /// Stops listening.
    public func stop() async {
        server?.cancel()
        await server?.value
        server = nil
        boundPort = nil
    }

    /// Every event received so far, oldest first.
    public func receivedEvents() async -> [PACTReceivedEvent] { await inbox.all() }

    /// The event whose `data.requestEventId` is exactly `requestEventID`, waiting up to `timeout`.
    /// One refused for its token (or not JSON) is waited on for up to ``retryGrace`` more, for
    /// the host's retry with a fresh token; the first valid one counts.
    public func event(answering requestEventID: String, timeout: Duration) async -> PACTReceivedEvent? {
        let deadline = ContinuousClock.now + timeout
        var refusedUntil: ContinuousClock.Instant?
        while true {
            let found = await inbox.event(answering: requestEventID)
            if let found {
                if found.authorized && found.json != nil { return found }
                refusedUntil = refusedUntil ?? min(deadline, ContinuousClock.now + Self.retryGrace)
            }
            guard ContinuousClock.now < (refusedUntil ?? deadline), !Task.isCancelled else { return found }
            try? await Task.sleep(for: .milliseconds(25))
        }
    }

    /// How long a callback refused for its token is waited on for the host's retry.
    public static let retryGrace: Duration = .seconds(10)

    private static func addRoutes(to router: Router<BasicRequestContext>, inbox: PACTCallbackInbox, credentials: PACTCredentials?, maximumBodyBytes: Int) {
        router.get("/.well-known/openid-configuration") { request, _ in
            let base = "https://\(request.head.authority ?? "localhost")"
            return Response.json([
                "issuer": .string(base),
                "token_endpoint": .string(base + "/auth/token"),
                "grant_types_supported": ["client_credentials"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            ])
        }
        router.post("/auth/token") { request, _ in
            guard let presented = basicCredentials(request.headers[.authorization]) else {
                return Response.json(["error": "invalid_client", "error_description": "send the client id and secret with HTTP Basic authentication"], status: .unauthorized)
            }
            if let credentials, presented != credentials {
                return Response.json(["error": "invalid_client", "error_description": "unknown client id or wrong secret"], status: .unauthorized)
            }
            let token = await inbox.issueToken()
            return Response.json(["access_token": .string(token), "token_type": "Bearer", "expires_in": 3600])
        }
        for version in PACTVersion.allCases {
            let path = version.pathPrefix + "/events"
            router.post(RouterPath(path)) { request, _ in
                let body = request.body
                let bytes: [UInt8]
                do {
                    bytes = Array(try await body.collect(upTo: maximumBodyBytes).readableBytesView)
                } catch {
                    return Response.json(["code": "BadRequest", "message": .string("the event is larger than \(maximumBodyBytes) bytes")], status: .contentTooLarge)
                }
                let token = bearerToken(request.headers[.authorization])
                let authorized = await token.asyncMap { await inbox.isIssued($0) } ?? false
                let json = try? JSONParser(maximumBytes: max(bytes.count, 1)).parse(bytes)
                await inbox.record(PACTReceivedEvent(
                    path: path,
                    json: json,
                    bodyText: String(decoding: bytes.prefix(4096), as: UTF8.self),
                    authorized: authorized,
                    contentType: request.headers[.contentType]
                ))
                guard authorized else {
                    return Response.json(["code": "BadRequest", "message": "missing or unknown access token: obtain one from /auth/token"], status: .unauthorized)
                }
                guard json != nil else {
                    return Response.json(["code": "BadRequest", "message": "the body is not JSON"], status: .badRequest)
                }
                return Response(status: .ok)
            }
        }
    }

    /// The credentials of a Basic `Authorization` header, form-encoded as a conformant host sends
    /// them; `nil` also when the id or secret is empty.
    private static func basicCredentials(_ header: String?) -> PACTCredentials? {
        guard let credentials = PACTCredentials(basicAuthorization: header), !credentials.clientID.isEmpty, !credentials.clientSecret.isEmpty else { return nil }
        return credentials
    }

    private static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}

/// One event the callback receiver got.
public struct PACTReceivedEvent: Sendable {
    /// `/2/events` or `/3/events`.
    public let path: String
    /// The body as JSON, `nil` when it was not JSON.
    public let json: JSONValue?
    /// The start of the body as text, for messages.
    public let bodyText: String
    /// Whether it carried a token this receiver issued.
    public let authorized: Bool
    /// The `Content-Type` sent.
    public let contentType: String?

    /// The `data.requestEventId` the event answers, if any.
    public var requestEventID: String? { json?["data"]?["requestEventId"]?.stringValue }
    /// The event `type`.
    public var type: String? { json?["type"]?.stringValue }
}

/// What the receiver has issued and received.
actor PACTCallbackInbox {
    private var events: [PACTReceivedEvent] = []
    private var tokens: Set<String> = []

    func issueToken() -> String {
        let token = UUID().uuidString.lowercased() + UUID().uuidString.lowercased()
        tokens.insert(token)
        return token
    }

    func isIssued(_ token: String) -> Bool { tokens.contains(token) }

    func record(_ event: PACTReceivedEvent) { events.append(event) }

    func all() -> [PACTReceivedEvent] { events }

    /// The first event answering `requestEventID` that carried a token the receiver issued and
    /// a JSON body (a host retrying with a fresh token after a 401 sends the answer twice), else
    /// the first one answering it.
    func event(answering requestEventID: String) -> PACTReceivedEvent? {
        let answering = events.filter { $0.requestEventID == requestEventID }
        return answering.first { $0.authorized && $0.json != nil } ?? answering.first
    }
}

extension Optional {
    fileprivate func asyncMap<Result>(_ transform: (Wrapped) async -> Result) async -> Result? {
        guard let value = self else { return nil }
        return await transform(value)
    }
}
