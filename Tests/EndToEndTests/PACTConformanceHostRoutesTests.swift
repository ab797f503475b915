import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import Testing
import TsunaguCore
import TsunaguEcosystems

/// The conformance suite against the gateway's own PACT host routes (``PACTHostRoutes``), with the
/// demo footprints and a backend that answers requests with real callbacks: the protocol layer
/// of the host passes every mandatory case without the rest of the gateway.
@Suite struct PACTConformanceHostRoutesTests {
    static let credentials = PACTCredentials(clientID: "routes-client", clientSecret: "routes-secret")
    static let callbackCredentials = PACTCredentials(clientID: "routes-callback", clientSecret: "routes-callback-secret")

    struct DemoBackend: PACTHostBackend {
        let footprints: [(footprint: ProductFootprint, document: JSONValue)]
        let tokens: FakeTokens
        let deliver: @Sendable (CloudEvent, PACTVersion) async -> Void

        func authenticate(bearerToken: String) async throws(PACTError) -> PACTRequester {
            guard await tokens.isIssued(bearerToken) else { throw PACTError.badRequest("invalid access token") }
            return PACTRequester(clientID: PACTConformanceHostRoutesTests.credentials.clientID, tenant: "demo")
        }

        func footprints(matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> [JSONValue] {
            footprints.filter { query.matches($0.footprint) }.map(\.document)
        }

        func footprint(id: String, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> JSONValue {
            guard let found = footprints.first(where: { $0.document["id"]?.stringValue == id }) else {
                throw PACTError.notFound("no footprint with id \(id)", version: version)
            }
            return found.document
        }

        func accept(_ event: CloudEvent, kind: PACTEventKind, version: PACTVersion, from requester: PACTRequester) async throws(PACTError) {
            guard kind == .requestCreated else { return }
            let query = try FootprintQuery.parse(requestData: event.data)
            let matches = footprints.filter { query.matches($0.footprint) }.map(\.document)
            let answer = matches.isEmpty
                ? CloudEvent.requestRejected(version: version, requestEventID: event.id, code: version.notFoundCode, message: "nothing matches", source: "//routes-test")
                : CloudEvent.requestFulfilled(version: version, requestEventID: event.id, footprints: matches, source: "//routes-test")
            Task { await deliver(answer, version) }
        }
    }

    static func demoFootprints() throws -> [(footprint: ProductFootprint, document: JSONValue)] {
        let folder = RepositoryPaths.demoFootprints
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted().map { name in
            let document = try JSONParser().parse(try String(contentsOfFile: folder + "/" + name, encoding: .utf8))
            return (try ProductFootprint(document: document), document)
        }
    }

    @Test(.timeLimit(.minutes(5)), arguments: PACTConformanceSpec.allCases)
    func theHostRoutesPassEveryMandatoryCase(spec: PACTConformanceSpec) async throws {
        var quiet = Logger(label: "routes-test")
        quiet.logLevel = .critical
        let receiver = try PACTCallbackReceiver(configuration: .init(credentials: Self.callbackCredentials), logger: quiet)
        let receiverURL = try await receiver.start()
        var callbackTLS = TLSConfiguration.makeClientConfiguration()
        callbackTLS.trustRoots = .certificates([try receiver.certificate.certificate()])
        let insecure = try await PACTTLSTrust.insecureSkipVerification.tlsConfiguration(for: receiverURL)
        let sender = LateCallbackSender()
        let tokens = FakeTokens()
        let backend = DemoBackend(footprints: try Self.demoFootprints(), tokens: tokens) { event, version in
            await sender.send(event.json, version: version)
        }
        let router = Router()
        PACTHostRoutes(backend: backend).register(on: router)
        router.get("/.well-known/openid-configuration") { request, _ in
            let base = "https://\(request.head.authority ?? "")"
            return Response.json(["issuer": .string(base), "token_endpoint": .string(base + "/auth/token"), "jwks_uri": .string(base + "/jwks")])
        }
        router.get("/jwks") { _, _ in Response.json(["keys": []]) }
        router.post("/auth/token") { request, _ in
            guard request.headers[.authorization] == Self.credentials.basicAuthorization else {
                return Response.json(["error": "invalid_client", "error_description": "unknown client"], status: .unauthorized)
            }
            return Response.json(["access_token": .string(await tokens.issue()), "token_type": "Bearer", "expires_in": 3600])
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: try SelfSignedCertificate().serverTLSConfiguration()),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: quiet
        )
        let callbackHTTP = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: callbackTLS))
        await sender.connect(
            try? PACTClient(configuration: .init(baseURL: receiverURL, credentials: Self.callbackCredentials, timeout: .seconds(120)), httpClient: callbackHTTP),
            baseURL: receiverURL, httpClient: callbackHTTP)
        let server = Task { _ = try? await application.run() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }

        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.retryConnectionEstablishment = false
        let finished = try? await HTTPClient.withHTTPClient(configuration: configuration) { httpClient in
            let suite = PACTConformanceSuite(
                configuration: .init(
                    baseURL: "https://127.0.0.1:\(port)", credentials: Self.credentials, spec: spec, tlsConfiguration: insecure,
                    callbackTimeout: .seconds(10), callbackReceiver: receiver
                ),
                httpClient: httpClient
            )
            return await suite.run()
        }
        try await callbackHTTP.shutdown()
        server.cancel()
        await server.value
        await receiver.stop()
        let report = try #require(finished)
        #expect(report.mandatoryFailures.isEmpty, "\(report.table())")
        let optionalFailures = report.results.filter { !$0.mandatory && !$0.passed }.map(\.id)
        #expect(optionalFailures.isEmpty, "\(report.table())")
    }
}
