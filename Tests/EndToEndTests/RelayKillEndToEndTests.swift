import AsyncHTTPClient
import Foundation
import Testing
import TsunaguCore
import TsunaguGateway
import TsunaguRelay
import TsunaguStore
import NIOSSL

/// The relaying gateway runs as a real process and is killed with SIGKILL while 200 relays are
/// in flight; after a restart on the same data every request is answered exactly once.
@Suite(.serialized) struct RelayKillEndToEndTests {
    static let requests = 200

    @Test func everyRelayInFlightAtAKillIsAnsweredExactlyOnceAfterTheRestart() async throws {
        let upstream = try await SlowPACTUpstream.start(delay: .seconds(1), pcf: "7.000000000000000000001")
        let receiver = try await CallbackEndpoint.start()
        let data = try RelayFixtures.dataDirectory(routing: """
            rules:
              - productIdPrefix: "urn:tsunagu:test:kill:"
                from: partner:slow-supplier
            """)
        let policies = try RelayFixtures.policies()
        try await Self.registerPartner(upstreamURL: upstream.baseURL, data: data)
        let environment = [
            "TSUNAGU_DEMO_CLIENT_ID": "kill-client", "TSUNAGU_DEMO_CLIENT_SECRET": "kill-secret",
            "TSUNAGU_DEMO_CALLBACK_URL": receiver.baseURL, "TSUNAGU_DEMO_CALLBACK_CLIENT_ID": receiver.credentials.clientID,
            "TSUNAGU_DEMO_CALLBACK_SECRET": receiver.credentials.clientSecret, "SLOW_SUPPLIER_SECRET": "anything",
        ]
        let arguments = [
            "--policies", policies, "--mappings", RepositoryPaths.mappings, "--demo-footprints", RepositoryPaths.demoFootprints,
            "--trust-roots", receiver.certificatePath,
        ]
        var process = try await GatewayProcess.start(dataDirectory: data, arguments: arguments, environment: environment, run: 1)
        let client = Self.client(trusting: process.certificatePath)
        do {
            let test = PACTTestClient(http: client, baseURL: process.baseURL)
            let token = try await test.token(clientID: "kill-client", secret: "kill-secret")
            for index in 0..<Self.requests {
                let response = try await test.event(Self.requestCreated(index), version: "3", token: token)
                #expect(response.status == 200)
            }
            await process.kill()
            let answeredBeforeKill = Set((await receiver.events()).compactMap { $0["data"]?["requestEventId"]?.stringValue }).count
            #expect(answeredBeforeKill < Self.requests, "the kill must catch relays in flight")

            process = try await GatewayProcess.start(dataDirectory: data, arguments: arguments, environment: environment, run: 2)
            _ = try await receiver.waitForEvents(Self.requests, timeout: 120)
            try await Task.sleep(for: .seconds(1))
            await process.stop()

            var answers: [String: Set<String>] = [:]
            for event in (await receiver.events()) {
                guard let request = event["data"]?["requestEventId"]?.stringValue, let id = event["id"]?.stringValue else { continue }
                answers[request, default: []].insert(id)
            }
            #expect(answers.count == Self.requests, "every accepted request is answered")
            #expect(answers.values.allSatisfy { $0.count == 1 }, "no request is answered twice")
            for rejected in (await receiver.events()) where rejected["type"] != "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3" {
                Issue.record("rejected instead of fulfilled: \(rejected["data"]?.jsonText ?? "")")
            }
            let fulfilled = (await receiver.events()).filter { $0["type"] == "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3" }
            #expect(Set(fulfilled.compactMap { $0["data"]?["requestEventId"]?.stringValue }).count == Self.requests)
            #expect(fulfilled.allSatisfy { $0["data"]?["pfs"]?[0]?["pcf"]?["pcfExcludingBiogenicUptake"] == "7.000000000000000000001" })
            let store = try SQLiteStore(path: (data as NSString).appendingPathComponent("tsunagu.sqlite"))
            #expect(try await store.unfinishedRelayRequests().isEmpty)
            print("relay kill test: \(Self.requests) accepted, \(answeredBeforeKill) answered before SIGKILL, \((await receiver.events()).count) callbacks received (\((await receiver.events()).count - Self.requests) re-sent after the restart), \(upstream.callCount) upstream calls")
        } catch {
            await process.stop()
            try? await client.shutdown()
            await upstream.stop()
            await receiver.stop()
            throw error
        }
        try await client.shutdown()
        await upstream.stop()
        await receiver.stop()
    }

    static func requestCreated(_ index: Int) -> JSONValue {
        [
            "type": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "specversion": "1.0", "id": .string("kill-\(index)"),
            "source": "https://requester.example/3/events", "time": "2026-11-29T00:00:00Z",
            "data": ["productId": [.string("urn:tsunagu:test:kill:part-\(index)")]],
        ]
    }

    /// Registers the slow upstream as a PACT partner of tenant `demo` before the gateway first starts.
    static func registerPartner(upstreamURL: String, data: String) async throws {
        let store = try SQLiteStore(path: (data as NSString).appendingPathComponent("tsunagu.sqlite"))
        _ = try await store.addTenant(named: "demo", now: Date())
        let partner = try Partner(
            name: "slow-supplier", tenant: "demo", ecosystem: .pact, baseURL: upstreamURL, model: "pact@3.0.0",
            outbound: OutboundCredentials(clientID: "tsunagu", secretVariable: "SLOW_SUPPLIER_SECRET")
        )
        try await store.addPartner(partner.stored(created: Date()))
    }

    static func client(trusting certificate: String) -> HTTPClient {
        var tls = NIOSSL.TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.file(certificate)]
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
    }
}
