import AsyncHTTPClient
import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems

/// The PACT client against a real loopback host answering in PACT's shape.
@Suite struct PACTClientTests {
    static let credentials = PACTCredentials(clientID: "client", clientSecret: "secret")

    private func withHost(
        _ options: LoopbackPACTHost.Options = LoopbackPACTHost.Options(), timeout: Duration = .seconds(120), configure: (inout PACTClient.Configuration) -> Void = { _ in },
        _ body: (PACTClient, LoopbackPACTHost) async throws -> Void
    ) async throws {
        let host = try await LoopbackPACTHost.start(options)
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            var configuration = PACTClient.Configuration(baseURL: host.baseURL, credentials: options.credentials, timeout: timeout)
            configure(&configuration)
            let client = try PACTClient(configuration: configuration, httpClient: httpClient)
            try await body(client, host)
        } catch {
            try await httpClient.shutdown()
            await host.stop()
            throw error
        }
        try await httpClient.shutdown()
        await host.stop()
    }

    @Test func obtainsTheTokenFromTheDiscoveredEndpointWithBasicCredentialsAndReusesIt() async throws {
        try await withHost { client, host in
            let first = try await client.accessToken()
            let second = try await client.accessToken()
            #expect(first == second)
            let requests = await host.log.tokenRequests
            #expect(requests.count == 1)
            #expect(requests.first?.path == "/oauth2/token")
            #expect(requests.first?.authorization == "Basic " + Data("client:secret".utf8).base64EncodedString())
            #expect(requests.first?.body == "grant_type=client_credentials")
            #expect(first.lifetime == .seconds(3600))
        }
    }

    @Test func fallsBackToAuthTokenWithoutDiscovery() async throws {
        var options = LoopbackPACTHost.Options()
        options.discovery = false
        try await withHost(options) { client, host in
            _ = try await client.accessToken()
            #expect(await host.log.tokenRequests.map(\.path) == ["/auth/token"])
            #expect(await client.tokenEndpoint() == host.baseURL + "/auth/token")
        }
    }

    @Test func renewsATokenThatIsAboutToExpire() async throws {
        var options = LoopbackPACTHost.Options()
        // 4 s tokens are renewed in their last 2 s (half the lifetime): the second call comes at
        // once, the third after 2.5 s, with room for a loaded machine.
        options.tokenLifetime = 4
        try await withHost(options) { client, host in
            let first = try await client.accessToken()
            #expect(try await client.accessToken() == first)
            try await Task.sleep(for: .milliseconds(2500))
            let renewed = try await client.accessToken()
            #expect(renewed != first)
            #expect(await host.log.tokenRequests.count == 2)
        }
    }

    /// `expires_in` values no sensible host sends, with the lifetime the client keeps for each:
    /// longer than a day (or beyond `Double`) is cut to a day; negative or not a number is no lifetime.
    static let outlandishExpiresIn: [(JSONValue, Duration?)] = [
        (.number(JSONNumber(text: "10000000000000000")!), .seconds(86_400)),
        (.number(JSONNumber(text: "1e400")!), .seconds(86_400)),
        ("Infinity", .seconds(86_400)),
        (.number(JSONNumber(text: "-1e400")!), nil),
        (.number(JSONNumber(-5)), nil),
        ("NaN", nil),
    ]

    @Test(arguments: outlandishExpiresIn)
    func anOutlandishExpiresInGivesAUsableTokenWithABoundedLifetime(expiresIn: JSONValue, lifetime: Duration?) async throws {
        var options = LoopbackPACTHost.Options()
        options.expiresIn = expiresIn
        try await withHost(options) { client, host in
            let token = try await client.accessToken()
            #expect(token.lifetime == lifetime)
            #expect(try await client.accessToken() == token)
            let page = try await client.footprintsPage(version: .v3)
            #expect(page.footprints.count == 3)
            #expect(await host.log.tokenRequests.count == 1)
        }
    }

    @Test func concurrentCallersShareOneTokenRequest() async throws {
        try await withHost { client, host in
            try await withThrowingTaskGroup(of: PACTAccessToken.self) { group in
                for _ in 0..<8 { group.addTask { try await client.accessToken() } }
                var values: Set<String> = []
                for try await token in group { values.insert(token.value) }
                #expect(values.count == 1)
            }
            #expect(await host.log.tokenRequests.count == 1)
        }
    }

    @Test func wrongCredentialsKeepTheOAuthErrorAndStatus() async throws {
        var options = LoopbackPACTHost.Options()
        options.credentials = PACTCredentials(clientID: "client", clientSecret: "other")
        let host = try await LoopbackPACTHost.start(options)
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { Task { try? await httpClient.shutdown() } }
        let client = try PACTClient(configuration: .init(baseURL: host.baseURL, credentials: Self.credentials), httpClient: httpClient)
        let error = await #expect(throws: PACTClientError.self) { try await client.accessToken() }
        #expect(error?.category == .authenticationFailed)
        #expect(error?.status == 401)
        #expect(error?.code == "invalid_client")
        #expect(error?.message == "unknown client or wrong secret")
        await host.stop()
    }

    @Test func followsAbsoluteNextLinksToTheLastPage() async throws {
        var options = LoopbackPACTHost.Options()
        options.footprints = LoopbackPACTHost.sampleFootprints(count: 5)
        try await withHost(options) { client, host in
            let all = try await client.allFootprints(version: .v3, pageSize: 2)
            #expect(all.map { $0["id"]?.stringValue } == options.footprints.map { $0["id"]?.stringValue })
            #expect(await host.log.listQueries == ["limit=2", "limit=2&offset=2", "limit=2&offset=4"])
        }
    }

    /// A host whose pages never end is stopped at the default limit of 10 000 footprints: the
    /// eleventh page of 1000 would pass it (the page limit is set far above that).
    @Test func endlessPagesStopAtTheFootprintLimit() async throws {
        var options = LoopbackPACTHost.Options()
        options.endlessPages = true
        try await withHost(options, configure: { $0.maximumPages = 30 }) { client, host in
            let error = await #expect(throws: PACTClientError.self) { try await client.allFootprints(version: .v3, pageSize: 1000) }
            #expect(error?.category == .invalidResponse)
            #expect(error?.message.contains("more than 10000 footprints") == true, "\(String(describing: error))")
            #expect(await host.log.listQueries.count == 11)
        }
    }

    /// The footprint limit counts over all pages: a list of exactly the limit is read whole, one
    /// more is refused, naming the page that passed it.
    @Test func theFootprintLimitCountsOverAllPages() async throws {
        var options = LoopbackPACTHost.Options()
        options.footprints = LoopbackPACTHost.sampleFootprints(count: 5)
        try await withHost(options, configure: { $0.maximumFootprints = 5 }) { client, _ in
            let all = try await client.allFootprints(version: .v3, pageSize: 2)
            #expect(all.count == 5)
        }
        try await withHost(options, configure: { $0.maximumFootprints = 4 }) { client, host in
            let error = await #expect(throws: PACTClientError.self) { try await client.allFootprints(version: .v3, pageSize: 2) }
            #expect(error?.category == .invalidResponse)
            #expect(error?.message.contains("more than 4 footprints") == true)
            #expect(error?.url == host.baseURL + "/3/footprints?limit=2&offset=4")
        }
    }

    @Test func aPageCarriesItsNextLink() async throws {
        try await withHost { client, host in
            let page = try await client.footprintsPage(version: .v2, limit: 1)
            #expect(page.footprints.count == 1)
            #expect(page.nextLink == host.baseURL + "/2/footprints?limit=1&offset=1")
            let last = try await client.footprintsPage(version: .v2, limit: 5)
            #expect(last.nextLink == nil)
        }
    }

    @Test func refusesToSendTheTokenToAnotherOrigin() async throws {
        try await withHost { client, _ in
            let error = await #expect(throws: PACTClientError.self) {
                try await client.footprintsPage(at: "https://elsewhere.example/3/footprints?offset=1")
            }
            #expect(error?.category == .invalidURL)
        }
    }

    @Test func keepsDecimalsExactlyAsTheHostWroteThem() async throws {
        try await withHost { client, _ in
            let footprint = try await client.footprint(id: "00000000-0000-4000-8000-000000000002", version: .v3)
            #expect(footprint["pcf"]?["pcfExcludingBiogenicUptake"]?.stringValue == "1.23000000000000000000002")
            #expect(footprint["pcf"]?["declaredUnitAmount"]?.numberValue?.text == "0.100000000000000000000002")
        }
    }

    @Test func anUnknownIdIsNotFoundWithThePACTCode() async throws {
        try await withHost { client, _ in
            let v3 = await #expect(throws: PACTClientError.self) {
                try await client.footprint(id: "9d0e7a0e-0000-4000-8000-000000000000", version: .v3)
            }
            #expect(v3?.category == .rejected)
            #expect(v3?.status == 404)
            #expect(v3?.code == "NotFound")
            #expect(v3?.message.contains("9d0e7a0e") == true)
            let v2 = await #expect(throws: PACTClientError.self) {
                try await client.footprint(id: "9d0e7a0e-0000-4000-8000-000000000000", version: .v2)
            }
            #expect(v2?.code == "NoSuchFootprint")
        }
    }

    @Test func aRefusedTokenIsReplacedOnce() async throws {
        var options = LoopbackPACTHost.Options()
        options.revokeFirstToken = true
        try await withHost(options) { client, host in
            let page = try await client.footprintsPage(version: .v3)
            #expect(page.footprints.count == 3)
            #expect(await host.log.tokenRequests.count == 2)
        }
    }

    @Test func sendsV3FiltersAsRepeatedParameters() async throws {
        try await withHost { client, host in
            let query = PACTFootprintQuery(productIDs: ["urn:a", "urn:b c"], validOn: "2025-01-01T00:00:00Z", statuses: ["Active"])
            _ = try await client.footprintsPage(version: .v3, query: query)
            #expect(await host.log.listQueries == ["productId=urn%3Aa&productId=urn%3Ab%20c&validOn=2025-01-01T00%3A00%3A00Z&status=Active"])
        }
    }

    @Test func sendsTheV2FilterAndRefusesMixingVersions() async throws {
        try await withHost { client, host in
            _ = try await client.footprintsPage(version: .v2, query: PACTFootprintQuery(odataFilter: "created ge '2024-01-01T00:00:00Z'"))
            #expect(await host.log.listQueries == ["$filter=created%20ge%20%272024-01-01T00%3A00%3A00Z%27"])
            let v3WithFilter = await #expect(throws: PACTClientError.self) {
                try await client.footprintsPage(version: .v3, query: PACTFootprintQuery(odataFilter: "created ge '2024-01-01'"))
            }
            #expect(v3WithFilter?.category == .invalidRequest)
            let v2WithCriteria = await #expect(throws: PACTClientError.self) {
                try await client.footprintsPage(version: .v2, query: PACTFootprintQuery(productIDs: ["urn:a"]))
            }
            #expect(v2WithCriteria?.category == .invalidRequest)
        }
    }

    @Test func sendsCloudEventsAndReportsARefusal() async throws {
        try await withHost { client, host in
            let request = CloudEvent.requestCreated(version: .v3, criteria: PACTFootprintQuery(productIDs: ["urn:a"]), id: "request/1", source: "https://recipient.example/3/events")
            try await client.send(event: request, version: .v3)
            let fulfilled = CloudEvent.requestFulfilled(version: .v2, requestEventID: "request/1", footprints: [["id": "x"]], source: "//owner.example")
            try await client.send(event: fulfilled, version: .v2)
            let events = await host.log.events
            #expect(events.count == 2)
            #expect(events.first?.contentType == "application/cloudevents+json; charset=UTF-8")
            #expect(events.first?.body?["type"]?.stringValue == "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3")
            #expect(events.first?.body?["data"]?["productId"] == ["urn:a"])
            #expect(events.first?.body?["specversion"] == "1.0")
            #expect(events.last?.body?["data"]?["requestEventId"] == "request/1")
            #expect(events.last?.body?["type"]?.stringValue == "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1")

            let malformed = CloudEvent.published(version: .v3, footprintIDs: ["urn:gtin:1"], source: "//owner.example")
            let error = await #expect(throws: PACTClientError.self) { try await client.send(event: malformed, version: .v3) }
            #expect(error?.status == 400)
            #expect(error?.code == "BadRequest")
            #expect(error?.message == "pfIds must be UUIDs")
        }
    }

    @Test func aV2RequestAsksWithAFootprintFragment() {
        let event = CloudEvent.requestCreated(version: .v2, criteria: PACTFootprintQuery(productIDs: ["urn:a"]), comment: "please", source: "//r")
        #expect(event.type == "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1")
        #expect(event.data == ["pf": ["productIds": ["urn:a"]], "comment": "please"])
    }

    @Test(.timeLimit(.minutes(3))) func aHostThatNeverAnswersEndsInATimeout() async throws {
        let silent = try await SilentHost.start()
        try await HTTPClient.withHTTPClient { httpClient in
            let client = try PACTClient(
                configuration: .init(baseURL: "http://127.0.0.1:\(silent.port)", credentials: Self.credentials, timeout: .milliseconds(500)),
                httpClient: httpClient
            )
            let start = ContinuousClock.now
            let error = await #expect(throws: PACTClientError.self) { try await client.send(PACTHTTPRequest(url: client.url("/3/footprints"))) }
            let elapsed = ContinuousClock.now - start
            #expect(error?.category == .timeout)
            #expect(elapsed < .seconds(120), "a 500 ms deadline must end the call, which a hung host never would; the bound is loose because the whole suite starts at once on two cores")
        }
        await silent.stop()
    }

    @Test func aClosedPortIsATransportError() async throws {
        let silent = try await SilentHost.start()
        let port = silent.port
        await silent.stop()
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        try await HTTPClient.withHTTPClient(configuration: configuration) { httpClient in
            let client = try PACTClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", credentials: Self.credentials, timeout: .seconds(2)), httpClient: httpClient)
            let error = await #expect(throws: PACTClientError.self) { try await client.send(PACTHTTPRequest(url: client.url("/auth/token"))) }
            #expect(error?.category == .transport)
        }
    }

    @Test func aBaseURLMustBeAbsolute() {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { try? httpClient.syncShutdown() }
        #expect(throws: PACTClientError.self) {
            try PACTClient(configuration: .init(baseURL: "host.example/api", credentials: Self.credentials), httpClient: httpClient)
        }
    }

    @Test func credentialsAndTokensNeverPrintTheirSecret() {
        #expect(!"\(Self.credentials)".contains("secret"))
        #expect(!"\(PACTAccessToken(value: "abc123", lifetime: .seconds(60)))".contains("abc123"))
    }
}
