import AsyncHTTPClient
import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguGateway

/// Asynchronous requests: answered on the requester's own events endpoint, durably.
@Suite(.serialized) struct PACTEventsEndToEndTests {
    func requestCreated(id: String, productID: String) -> JSONValue {
        [
            "type": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "specversion": "1.0", "id": .string(id),
            "source": "https://requester.example/3/events", "time": "2026-11-29T00:00:00Z", "data": ["productId": [.string(productID)]],
        ]
    }

    @Test func requestsAreFulfilledOrRejectedOnTheRequestersEndpoint() async throws {
        let receiver = try await CallbackEndpoint.start()
        let gateway = try await TestGateway.start(environment: receiver.demoEnvironment, trustRoots: receiver.certificatePath)
        defer { Task { await receiver.stop() } }
        try await gateway.session { client, token in

            let fulfilledID = "req: 1/ü?&#"
            let sent = Date()
            let accepted = try await client.event(requestCreated(id: fulfilledID, productID: "urn:tsunagu:demo:product:steel-coil-hr-2mm"), version: "3", token: token)
            #expect(accepted.status == 200)
            let rejected = try await client.event(requestCreated(id: "req-2", productID: "urn:tsunagu:demo:product:unknown"), version: "3", token: token)
            #expect(rejected.status == 200)

            let events = try await receiver.waitForEvents(2, timeout: 15)
            let answeredIn = Date().timeIntervalSince(sent)
            #expect(answeredIn < 10, "answers took \(answeredIn) s")
            let fulfilled = try #require(events.first { $0["data"]?["requestEventId"]?.stringValue == fulfilledID })
            #expect(fulfilled["type"] == "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3")
            #expect(fulfilled["data"]?["pfs"]?[0]?["productIds"]?.arrayValue?.contains("urn:tsunagu:demo:product:steel-coil-hr-2mm") == true)
            let rejection = try #require(events.first { $0["data"]?["requestEventId"] == "req-2" })
            #expect(rejection["type"] == "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3")
            #expect(rejection["data"]?["error"]?["code"] == "NotFound")

            let redelivered = try await client.event(requestCreated(id: fulfilledID, productID: "urn:tsunagu:demo:product:steel-coil-hr-2mm"), version: "3", token: token)
            #expect(redelivered.status == 200)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(await receiver.events().count == 2)
        }
    }

    @Test func anAcceptedRequestSurvivesARestartAndIsAnsweredOnce() async throws {
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-restart")
        let unreachable: [String: String] = [
            "TSUNAGU_DEMO_CALLBACK_URL": "https://127.0.0.1:9", "TSUNAGU_DEMO_CALLBACK_CLIENT_ID": "receiver-client", "TSUNAGU_DEMO_CALLBACK_SECRET": "receiver-secret",
        ]
        let first = try await TestGateway.start(dataDirectory: data, environment: unreachable)
        try await first.session { client, token in
            let accepted = try await client.event(requestCreated(id: "survivor", productID: "urn:tsunagu:demo:product:al-ingot-99-7"), version: "3", token: token)
            #expect(accepted.status == 200)
        }
        #expect(try await first.gateway.store.pendingMessageCount() == 1)

        let receiver = try await CallbackEndpoint.start()
        let second = try await TestGateway.start(dataDirectory: data, environment: receiver.demoEnvironment, trustRoots: receiver.certificatePath)
        let events = try await receiver.waitForEvents(1, timeout: 20)
        try await Task.sleep(for: .milliseconds(500))
        #expect(await receiver.events().count == 1)
        #expect(events.first?["data"]?["requestEventId"] == "survivor")
        #expect(try await second.gateway.store.pendingMessageCount() == 0)
        await second.stop()
        await receiver.stop()
    }
}
