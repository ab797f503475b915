import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import TsunaguCore
import TsunaguEcosystems

/// What the loopback PACT host saw, for assertions.
actor LoopbackHostLog {
    private(set) var tokenRequests: [(path: String, authorization: String?, body: String)] = []
    private(set) var listQueries: [String] = []
    private(set) var events: [(contentType: String?, body: JSONValue?)] = []
    private var issued: [String] = []

    func recordTokenRequest(path: String, authorization: String?, body: String) { tokenRequests.append((path, authorization, body)) }
    func recordList(query: String) { listQueries.append(query) }
    func recordEvent(contentType: String?, body: JSONValue?) { events.append((contentType, body)) }

    func issue() -> String {
        let token = "token-\(issued.count + 1)-\(UUID().uuidString)"
        issued.append(token)
        return token
    }

    /// Whether `token` was issued, and (with `revokeFirst`) is not the first one.
    func accepts(_ token: String, revokeFirst: Bool) -> Bool {
        guard let index = issued.firstIndex(of: token) else { return false }
        return !(revokeFirst && index == 0)
    }
}

/// A small, real PACT host on loopback that answers in PACT's shape: token endpoint (with or
/// without OpenID discovery), paginated ListFootprints, GetFootprint and events.
struct LoopbackPACTHost {
    struct Options {
        var footprints: [JSONValue] = LoopbackPACTHost.sampleFootprints(count: 3)
        var credentials = PACTCredentials(clientID: "client", clientSecret: "secret")
        var tokenLifetime = 3600
        /// The token endpoint's `expires_in` exactly, instead of ``tokenLifetime``.
        var expiresIn: JSONValue?
        /// Whether ListFootprints never ends: every page is full and links to another one.
        var endlessPages = false
        var discovery = true
        var revokeFirstToken = false
        var tls: TLSConfiguration?
    }

    let baseURL: String
    let log: LoopbackHostLog
    private let task: Task<Void, Never>

    static func start(_ options: Options = Options()) async throws -> LoopbackPACTHost {
        let log = LoopbackHostLog()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let scheme = options.tls == nil ? "http" : "https"
        let router = Router()
        let base = BaseURLBox()
        addRoutes(router, options: options, log: log, base: base)
        var logger = Logger(label: "loopback-pact-host")
        logger.logLevel = .critical
        let configuration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0))
        let onServerRunning: @Sendable (any Channel) async -> Void = { channel in continuation.yield(channel.localAddress?.port ?? 0) }
        let application = if let tls = options.tls {
            Application(router: router, server: try .tls(.http1(), tlsConfiguration: tls), configuration: configuration, onServerRunning: onServerRunning, logger: logger)
        } else {
            Application(router: router, configuration: configuration, onServerRunning: onServerRunning, logger: logger)
        }
        let task = Task { _ = try? await application.run() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        let baseURL = "\(scheme)://127.0.0.1:\(port)"
        await base.set(baseURL)
        return LoopbackPACTHost(baseURL: baseURL, log: log, task: task)
    }

    func stop() async {
        task.cancel()
        await task.value
    }

    /// `count` v3-shaped footprints with exact decimal strings and numbers.
    static func sampleFootprints(count: Int) -> [JSONValue] {
        (1...count).map { index in
            [
                "id": .string(String(format: "00000000-0000-4000-8000-%012d", index)),
                "specVersion": "3.0.0",
                "status": "Active",
                "productIds": [.string("urn:pact:example.com:product:\(index)")],
                "companyIds": ["urn:pact:example.com:company:1"],
                "pcf": [
                    "pcfExcludingBiogenicUptake": .string("1.2300000000000000000000\(index)"),
                    "declaredUnitAmount": .number(JSONNumber(text: "0.10000000000000000000000\(index)") ?? JSONNumber(index)),
                ],
            ]
        }
    }

    private static func addRoutes(_ router: Router<BasicRequestContext>, options: Options, log: LoopbackHostLog, base: BaseURLBox) {
        if options.discovery {
            router.get("/.well-known/openid-configuration") { _, _ in
                let url = await base.value
                return Response.json(["issuer": .string(url), "token_endpoint": .string(url + "/oauth2/token")])
            }
        }
        for path in ["/auth/token", "/oauth2/token"] {
            router.post(RouterPath(path)) { request, _ in
                let body = String(buffer: try await request.body.collect(upTo: 4096))
                let authorization = request.headers[.authorization]
                await log.recordTokenRequest(path: path, authorization: authorization, body: body)
                guard authorization == options.credentials.basicAuthorization, body.contains("grant_type=client_credentials") else {
                    return Response.json(["error": "invalid_client", "error_description": "unknown client or wrong secret"], status: .unauthorized)
                }
                let token = await log.issue()
                let expiresIn = options.expiresIn ?? .number(JSONNumber(options.tokenLifetime))
                return Response.json(["access_token": .string(token), "token_type": "Bearer", "expires_in": expiresIn])
            }
        }
        for version in PACTVersion.allCases {
            router.get(RouterPath(version.pathPrefix + "/footprints")) { request, _ in
                guard await authorized(request, log: log, options: options) else { return invalidToken() }
                await log.recordList(query: request.uri.query ?? "")
                let parameters = request.uri.queryParameters
                let limit = parameters["limit"].flatMap { Int(String($0)) } ?? options.footprints.count
                let offset = parameters["offset"].flatMap { Int(String($0)) } ?? 0
                let page = options.endlessPages ? sampleFootprints(count: limit) : Array(options.footprints.dropFirst(offset).prefix(limit))
                var headers = HTTPFields()
                if options.endlessPages || offset + limit < options.footprints.count {
                    let next = await base.value + version.pathPrefix + "/footprints?limit=\(limit)&offset=\(offset + limit)"
                    headers[.link] = "<\(next)>; rel=\"next\""
                }
                return Response.json(["data": .array(page)], headers: headers)
            }
            router.get(RouterPath(version.pathPrefix + "/footprints/:id")) { request, context in
                guard await authorized(request, log: log, options: options) else { return invalidToken() }
                let id = context.parameters.get("id") ?? ""
                guard let footprint = options.footprints.first(where: { $0["id"]?.stringValue == id }) else {
                    return Response.json(["code": .string(version.notFoundCode), "message": .string("no footprint with id \(id)")], status: .notFound)
                }
                return Response.json(["data": footprint])
            }
            router.post(RouterPath(version.pathPrefix + "/events")) { request, _ in
                guard await authorized(request, log: log, options: options) else { return invalidToken() }
                let bytes = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
                let json = try? JSONParser().parse(bytes)
                await log.recordEvent(contentType: request.headers[.contentType], body: json)
                if let ids = json?["data"]?["pfIds"]?.arrayValue, ids.contains(where: { !($0.stringValue.map(UUIDText.isValid) ?? false) }) {
                    return Response.json(["code": "BadRequest", "message": "pfIds must be UUIDs"], status: .badRequest)
                }
                return Response(status: .ok)
            }
        }
    }

    private static func authorized(_ request: Request, log: LoopbackHostLog, options: Options) async -> Bool {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        return await log.accepts(String(header.dropFirst("Bearer ".count)), revokeFirst: options.revokeFirstToken)
    }

    private static func invalidToken() -> Response {
        Response.json(["code": "BadRequest", "message": "invalid access token"], status: .unauthorized)
    }
}

/// The base URL, known only once the server has bound its port.
actor BaseURLBox {
    private(set) var value = ""
    func set(_ value: String) { self.value = value }
}

/// A TCP listener that accepts connections and never answers: a host that hangs.
struct SilentHost {
    let port: Int
    private let channel: any Channel

    static func start() async throws -> SilentHost {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in channel.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return SilentHost(port: channel.localAddress?.port ?? 0, channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }
}
