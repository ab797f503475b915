import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import TsunaguCore
import TsunaguEcosystems

/// A small PACT host written for the conformance suite's own tests: HTTPS, OAuth2 with OpenID
/// discovery, v2 and v3 ListFootprints (filters, `$filter`, pagination), GetFootprint and events
/// with real callbacks to a requester's receiver. `Faults` switch off parts of the behaviour to
/// check that the suite notices.
struct PACTConformanceFakeHost {
    struct Faults {
        /// Answer an invalid token with 403 AccessDenied instead of 401 BadRequest.
        var invalidTokenIs403 = false
        /// Never send a pagination link.
        var noPaginationLink = false
        /// Accept `$filter` in v3 and ignore it.
        var acceptsFilterInV3 = false
        /// Accept Published events whatever their ids.
        var acceptsAnyPublishedIDs = false
        /// Ignore the v3 productId filter.
        var ignoresProductIDFilter = false
        /// Send each callback first with a token the receiver never issued (one kept from an
        /// earlier run), then again with a fresh one, as a host retrying after a 401 does.
        var callbackWithStaleTokenFirst = false
        /// Send callbacks without `time`, and reject with an error code PACT does not have.
        var sloppyCallbacks = false
        /// Give pagination links over plain HTTP.
        var plainHTTPPaginationLink = false
    }

    let baseURL: String
    let credentials: PACTCredentials
    private let task: Task<Void, Never>
    private let callbackClient: HTTPClient

    /// Starts a host listing `footprints`; callbacks go to `callbackURL` with `callbackCredentials`, trusting `callbackCertificate`.
    static func start(
        credentials: PACTCredentials, footprints: [JSONValue] = sampleFootprints, faults: Faults = Faults(),
        callbackURL: String? = nil, callbackCredentials: PACTCredentials? = nil, callbackCertificate: SelfSignedCertificate? = nil
    ) async throws -> PACTConformanceFakeHost {
        let certificate = try SelfSignedCertificate()
        var tls = TLSConfiguration.makeClientConfiguration()
        if let callbackCertificate { tls.trustRoots = .certificates([try callbackCertificate.certificate()]) }
        let tokens = FakeTokens()
        let router = Router()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let sender = LateCallbackSender(staleTokenFirst: faults.callbackWithStaleTokenFirst)
        var callback: (@Sendable (JSONValue, PACTVersion) async -> Void)?
        if callbackURL != nil {
            callback = { event, version in await sender.send(event, version: version) }
        }
        let context = Context(credentials: credentials, footprints: footprints, faults: faults, tokens: tokens, callback: callback)
        addRoutes(router, context)
        var logger = Logger(label: "fake-pact-host")
        logger.logLevel = .critical
        let application = Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: try certificate.serverTLSConfiguration()),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let callbackClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        if let callbackURL, let callbackCredentials {
            await sender.connect(
                try? PACTClient(configuration: .init(baseURL: callbackURL, credentials: callbackCredentials, timeout: .seconds(120), discoversTokenEndpoint: false), httpClient: callbackClient),
                baseURL: callbackURL, httpClient: callbackClient)
        }
        let task = Task { _ = try? await application.run() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        return PACTConformanceFakeHost(baseURL: "https://127.0.0.1:\(port)", credentials: credentials, task: task, callbackClient: callbackClient)
    }

    func stop() async {
        task.cancel()
        await task.value
        try? await callbackClient.shutdown()
    }

    static let sampleFootprints: [JSONValue] = [
        footprint(1, product: "urn:pact:example.com:product:steel", company: "urn:pact:example.com:company:a", country: "JP", classification: "urn:pact:cpc:4112", status: "Active", start: "2025-01-01T00:00:00Z", end: "2027-12-31T00:00:00Z"),
        footprint(2, product: "urn:pact:example.com:product:resin", company: "urn:pact:example.com:company:b", country: "DE", classification: "urn:pact:cpc:3471", status: "Deprecated", start: "2023-01-01T00:00:00Z", end: "2024-12-31T00:00:00Z"),
        footprint(3, product: "urn:pact:example.com:product:cable", company: "urn:pact:example.com:company:a", country: "FR", classification: "urn:pact:cpc:4631", status: "Active", start: "2026-06-01T00:00:00Z", end: "2029-05-31T00:00:00Z"),
    ]

    static func footprint(_ index: Int, product: String, company: String, country: String, classification: String, status: String, start: String, end: String) -> JSONValue {
        [
            "id": .string("6a1c9d2e-0000-4000-8000-00000000000\(index)"),
            "specVersion": "3.0.0",
            "created": .string("2025-0\(index)-01T00:00:00Z"),
            "status": .string(status),
            "validityPeriodStart": .string(start),
            "validityPeriodEnd": .string(end),
            "companyName": "Example",
            "companyIds": [.string(company)],
            "productDescription": "a product",
            "productIds": [.string(product)],
            "productClassifications": [.string(classification)],
            "productNameCompany": "Product",
            "pcf": ["geographyCountry": .string(country), "pcfExcludingBiogenicUptake": "1.5"],
        ]
    }

    private struct Context: Sendable {
        let credentials: PACTCredentials
        let footprints: [JSONValue]
        let faults: Faults
        let tokens: FakeTokens
        let callback: (@Sendable (JSONValue, PACTVersion) async -> Void)?
    }

    private static func addRoutes(_ router: Router<BasicRequestContext>, _ context: Context) {
        router.get("/.well-known/openid-configuration") { request, _ in
            let base = "https://\(request.head.authority ?? "")"
            return Response.json(["issuer": .string(base), "token_endpoint": .string(base + "/auth/token"), "jwks_uri": .string(base + "/jwks")])
        }
        router.get("/jwks") { _, _ in Response.json(["keys": []]) }
        router.post("/auth/token") { request, _ in
            guard request.headers[.authorization] == context.credentials.basicAuthorization else {
                return Response.json(["error": "invalid_client", "error_description": "unknown client"], status: .badRequest)
            }
            return Response.json(["access_token": .string(await context.tokens.issue()), "token_type": "Bearer", "expires_in": 3600])
        }
        for version in PACTVersion.allCases {
            router.get(RouterPath(version.pathPrefix + "/footprints")) { request, _ in
                guard await authorized(request, context) else { return invalidToken(context) }
                let items = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
                var matching = context.footprints
                if let filter = items.first(where: { $0.0 == "$filter" })?.1 {
                    if version == .v3, !context.faults.acceptsFilterInV3 {
                        return Response.json(["code": "BadRequest", "message": "$filter is not part of v3"], status: .badRequest)
                    }
                    if version == .v2 { matching = matching.filter { odataMatches($0, filter) } }
                }
                if version == .v3 {
                    var grouped: [String: [String]] = [:]
                    for (name, value) in items where !["limit", "offset", "$filter"].contains(name) { grouped[name, default: []].append(value) }
                    matching = matching.filter { footprint in
                        grouped.allSatisfy { name, values in values.contains { v3Matches(footprint, name: name, value: $0, faults: context.faults) } }
                    }
                }
                let parameters = request.uri.queryParameters
                let limit = parameters["limit"].flatMap { Int(String($0)) } ?? matching.count
                let offset = parameters["offset"].flatMap { Int(String($0)) } ?? 0
                var headers = HTTPFields()
                if offset + limit < matching.count, !context.faults.noPaginationLink {
                    let rest = items.filter { $0.0 != "limit" && $0.0 != "offset" }.map { ($0.0, $0.1) } + [("limit", String(limit)), ("offset", String(offset + limit))]
                    let scheme = context.faults.plainHTTPPaginationLink ? "http" : "https"
                    headers[.link] = "<\(scheme)://\(request.head.authority ?? "")\(version.pathPrefix)/footprints?\(PACTQueryEncoding.query(rest))>; rel=\"next\""
                }
                return Response.json(["data": .array(Array(matching.dropFirst(offset).prefix(limit)))], headers: headers)
            }
            router.get(RouterPath(version.pathPrefix + "/footprints/:id")) { request, routeContext in
                guard await authorized(request, context) else { return invalidToken(context) }
                let id = routeContext.parameters.get("id") ?? ""
                guard let found = context.footprints.first(where: { $0["id"]?.stringValue == id }) else {
                    return Response.json(["code": .string(version.notFoundCode), "message": .string("no footprint \(id)")], status: .notFound)
                }
                return Response.json(["data": found])
            }
            router.post(RouterPath(version.pathPrefix + "/events")) { request, _ in
                guard await authorized(request, context) else { return invalidToken(context) }
                let request = request
                let bytes = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
                guard let event = try? JSONParser().parse(bytes), let type = event["type"]?.stringValue, let kind = version.eventKind(ofType: type) else {
                    return Response.json(["code": "BadRequest", "message": "not a PACT event of this version"], status: .badRequest)
                }
                switch kind {
                case .published:
                    let ids = event["data"]?["pfIds"]?.arrayValue ?? []
                    if !context.faults.acceptsAnyPublishedIDs, ids.contains(where: { !($0.stringValue.map(UUIDText.isValid) ?? false) }) {
                        return Response.json(["code": "BadRequest", "message": "pfIds must be UUIDs"], status: .badRequest)
                    }
                case .requestCreated:
                    let requested = ((event["data"]?["productId"] ?? event["data"]?["pf"]?["productIds"])?.arrayValue ?? []).compactMap(\.stringValue)
                    let matches = context.footprints.filter { footprint in
                        (footprint["productIds"]?.arrayValue ?? []).contains { requested.contains($0.stringValue ?? "") }
                    }
                    let requestID = event["id"]?.stringValue ?? ""
                    let answer = matches.isEmpty
                        ? CloudEvent.requestRejected(version: version, requestEventID: requestID, code: "NotFound", message: "no footprint for \(requested)", source: "//fake-host")
                        : CloudEvent.requestFulfilled(version: version, requestEventID: requestID, footprints: matches, source: "//fake-host")
                    var sent = answer.json
                    if context.faults.sloppyCallbacks {
                        _ = sent.remove(at: JSONPointer(tokens: ["time"]))
                        if matches.isEmpty { sent.set("NoSuchProduct", at: JSONPointer(tokens: ["data", "error", "code"])) }
                    }
                    if let callback = context.callback {
                        Task { [sent] in await callback(sent, version) }
                    }
                case .requestFulfilled, .requestRejected:
                    break
                }
                return Response(status: .ok)
            }
        }
    }

    private static func authorized(_ request: Request, _ context: Context) async -> Bool {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        return await context.tokens.isIssued(String(header.dropFirst(7)))
    }

    private static func invalidToken(_ context: Context) -> Response {
        context.faults.invalidTokenIs403
            ? Response.json(["code": "AccessDenied", "message": "invalid token"], status: .forbidden)
            : Response.json(["code": "BadRequest", "message": "invalid token"], status: .unauthorized)
    }

    private static func v3Matches(_ footprint: JSONValue, name: String, value: String, faults: Faults) -> Bool {
        func has(_ member: String) -> Bool { (footprint[member]?.arrayValue ?? []).contains { $0.stringValue?.lowercased() == value.lowercased() } }
        let start = footprint["validityPeriodStart"]?.stringValue.flatMap(Timestamp.parse)
        let end = footprint["validityPeriodEnd"]?.stringValue.flatMap(Timestamp.parse)
        let instant = Timestamp.parse(value)
        switch name {
        case "productId": return faults.ignoresProductIDFilter || has("productIds")
        case "companyId": return has("companyIds")
        case "classification": return has("productClassifications")
        case "geography": return footprint["pcf"]?["geographyCountry"]?.stringValue?.lowercased() == value.lowercased()
        case "status": return footprint["status"]?.stringValue?.lowercased() == value.lowercased()
        case "validOn": return instant.map { i in start.map { $0 <= i } == true && end.map { i <= $0 } == true } ?? false
        case "validAfter": return instant.map { i in start.map { $0 > i } == true } ?? false
        case "validBefore": return instant.map { i in end.map { $0 < i } == true } ?? false
        default: return true
        }
    }

    /// The `$filter` subset: `and` of `created ge|le '...'`, `productIds/any(...eq '...')`,
    /// `companyIds/any(...eq '...')` and `pcf/geographyCountry eq '...'`.
    private static func odataMatches(_ footprint: JSONValue, _ filter: String) -> Bool {
        filter.components(separatedBy: " and ").allSatisfy { raw in
            let clause = withoutOuterParentheses(raw.trimmingCharacters(in: .whitespaces))
            let quoted = clause.split(separator: "'").dropFirst().first.map(String.init) ?? ""
            if clause.hasPrefix("productIds/any") { return (footprint["productIds"]?.arrayValue ?? []).contains { $0.stringValue == quoted } }
            if clause.hasPrefix("companyIds/any") { return (footprint["companyIds"]?.arrayValue ?? []).contains { $0.stringValue == quoted } }
            if clause.hasPrefix("pcf/geographyCountry eq") { return footprint["pcf"]?["geographyCountry"]?.stringValue == quoted }
            if clause.hasPrefix("created"), let created = footprint["created"]?.stringValue.flatMap(Timestamp.parse), let bound = Timestamp.parse(quoted) {
                return clause.contains(" ge ") ? created >= bound : clause.contains(" le ") ? created <= bound : false
            }
            return false
        }
    }

    private static func withoutOuterParentheses(_ text: String) -> String {
        guard text.hasPrefix("("), text.hasSuffix(")") else { return text }
        var depth = 0
        for (offset, character) in text.enumerated() {
            if character == "(" { depth += 1 }
            if character == ")" {
                depth -= 1
                if depth == 0, offset < text.count - 1 { return text }
            }
        }
        return String(text.dropFirst().dropLast())
    }

}

/// The client that sends callbacks, connected once the host is set up.
actor LateCallbackSender {
    private let staleTokenFirst: Bool
    private var client: PACTClient?
    private var raw: (baseURL: String, httpClient: HTTPClient)?

    init(staleTokenFirst: Bool = false) {
        self.staleTokenFirst = staleTokenFirst
    }

    func connect(_ client: PACTClient?, baseURL: String, httpClient: HTTPClient) {
        self.client = client
        raw = (baseURL, httpClient)
    }

    func send(_ event: JSONValue, version: PACTVersion) async {
        guard let client, let cloudEvent = try? CloudEvent(json: event) else { return }
        if staleTokenFirst, let raw {
            var request = HTTPClientRequest(url: raw.baseURL + version.pathPrefix + "/events")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer token-from-an-earlier-run")
            request.headers.add(name: "Content-Type", value: "application/cloudevents+json")
            request.body = .bytes(ByteBuffer(string: event.jsonText))
            _ = try? await raw.httpClient.execute(request, timeout: .seconds(120))
        }
        _ = try? await client.send(event: cloudEvent, version: version)
    }
}

actor FakeTokens {
    private var issued: Set<String> = []

    func issue() -> String {
        let token = UUID().uuidString
        issued.insert(token)
        return token
    }

    func isIssued(_ token: String) -> Bool { issued.contains(token) }
}
