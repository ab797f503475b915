import AsyncHTTPClient
import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguGateway
import TsunaguStore

/// Asynchronous requests: answered on the requester's own events endpoint, durably.
@Suite(.serialized) struct PACTEventsEndToEndTests {
    func requestCreated(id: String, productID: String) -> JSONValue {
        [
            "type": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "specversion": "1.0", "id": .string(id),
            "source": "https://requester.example/3/events", "time": "2026-11-29T00:00:00Z", "data": ["productId": [.string(productID)]],
        ]
    }

    /// A request whose criteria match more footprints than one answer carries is refused at once
    /// with 400 (PACT: a data owner that can tell at once that it will not handle a request answers
    /// 4xx), instead of building an answer too large to deliver.
    @Test func aRequestMatchingMoreFootprintsThanAnAnswerCarriesIsRefusedAtOnce() async throws {
        let receiver = try await CallbackEndpoint.start()
        let gateway = try await TestGateway.start(environment: receiver.demoEnvironment, trustRoots: receiver.certificatePath) { configuration in
            configuration.maximumFootprintsPerAnswer = 1
        }
        defer { Task { await receiver.stop() } }
        try await gateway.session { client, token in
            let everything: JSONValue = [
                "type": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "specversion": "1.0", "id": "all-active",
                "source": "https://requester.example/3/events", "time": "2026-11-29T00:00:00Z", "data": ["status": ["Active"]],
            ]
            let refused = try await client.event(everything, version: "3", token: token)
            #expect(refused.status == 400)
            #expect(refused.text.contains("more than 1 footprints"), "\(refused.text)")
            let one = try await client.event(requestCreated(id: "one", productID: "urn:tsunagu:demo:product:steel-coil-hr-2mm"), version: "3", token: token)
            #expect(one.status == 200)
            let events = try await receiver.waitForEvents(1, timeout: 15)
            #expect(events.map { $0["data"]?["requestEventId"] } == ["one"], "only the request within the bound is answered")
        }
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

    /// A requester that restarted refuses the token the gateway kept (401): the gateway fetches a
    /// fresh one and sends the event again at once, so the answer is delivered on its first
    /// attempt instead of waiting for the queue's backoff.
    @Test func aRequesterThatForgotItsTokensIsAnsweredAtTheFirstAttempt() async throws {
        let before = try await CallbackEndpoint.start()
        let gateway = try await TestGateway.start(environment: before.demoEnvironment, trustRoots: before.certificatePath)
        try await gateway.session { client, token in
            _ = try await client.event(requestCreated(id: "before-restart", productID: "urn:tsunagu:demo:product:steel-coil-hr-2mm"), version: "3", token: token)
            #expect(try await before.waitForEvents(1, timeout: 15).count == 1)
            await before.stop()

            let after = try await before.restarted()
            _ = try await client.event(requestCreated(id: "after-restart", productID: "urn:tsunagu:demo:product:steel-coil-hr-2mm"), version: "3", token: token)
            let events = try await after.waitForEvents(1, timeout: 15)
            await after.stop()
            #expect(events.first?["data"]?["requestEventId"] == "after-restart")
            #expect(await after.receiver.receivedEvents().filter { !$0.authorized }.count == 1, "the kept token is refused once")

            var answer: OutboxMessage?
            for id in Int64(1)...20 {
                if let message = try await gateway.gateway.store.message(id: id), message.body.contains("after-restart") { answer = message }
            }
            #expect(answer?.state == .delivered)
            #expect(answer?.attempts == 1, "delivered by the first attempt, not by a retry")
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

    /// Removing a client whose answers wait in the queue says how many will not be sent.
    @Test func removingAClientSaysHowManyOfItsAnswersWillNotBeSent() async throws {
        let unreachable: [String: String] = [
            "TSUNAGU_DEMO_CALLBACK_URL": "https://127.0.0.1:9", "TSUNAGU_DEMO_CALLBACK_CLIENT_ID": "receiver-client", "TSUNAGU_DEMO_CALLBACK_SECRET": "receiver-secret",
        ]
        let gateway = try await TestGateway.start(environment: unreachable)
        try await gateway.session { client, token in
            let accepted = try await client.event(requestCreated(id: "stranded", productID: "urn:tsunagu:demo:product:al-ingot-99-7"), version: "3", token: token)
            #expect(accepted.status == 200)
            let removed = try await runTsunagu(["clients", "remove", "--tenant", "demo", "--data", gateway.dataDirectory, gateway.clientID])
            #expect(removed.status == 0)
            #expect(removed.output.contains("1 answer queued for it will not be sent"), "\(removed.output)")
        }
    }

    /// An answer still queued when the owner withdraws the permission it was released under is
    /// not sent on the strength of the earlier decision: the requester receives a RequestRejected
    /// event (AccessDenied, ask again) in its place, and the trail records why.
    @Test func aQueuedAnswerIsWithheldWhenThePoliciesChangeBeforeItIsSent() async throws {
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-withheld")
        let policies = try RepositoryPaths.temporaryDirectory("tsunagu-withheld-policies")
        func policy(_ constraint: String) throws {
            try """
                {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"tsunagu": "urn:tsunagu:policy:"}], "@type": "Set", "@id": "demo",
                 "tsunagu:assignTo": {"tenant": "demo"},
                 "permission": [{"action": "use", "constraint": \(constraint)}]}
                """.write(toFile: policies + "/demo.json", atomically: true, encoding: .utf8)
        }
        let unreachable: [String: String] = [
            "TSUNAGU_DEMO_CALLBACK_URL": "https://127.0.0.1:9", "TSUNAGU_DEMO_CALLBACK_CLIENT_ID": "receiver-client", "TSUNAGU_DEMO_CALLBACK_SECRET": "receiver-secret",
        ]
        try policy(#"{"leftOperand": "tsunagu:Ecosystem", "operator": "eq", "rightOperand": "pact"}"#)
        let first = try await TestGateway.start(dataDirectory: data, environment: unreachable, policies: policies)
        try await first.session { client, token in
            let accepted = try await client.event(requestCreated(id: "withdrawn", productID: "urn:tsunagu:demo:product:al-ingot-99-7"), version: "3", token: token)
            #expect(accepted.status == 200)
        }
        let queued = try #require(try await (Int64(1)...20).asyncFirst { try await first.gateway.store.message(id: $0) })
        #expect(queued.body.contains("RequestFulfilled") && queued.policyFingerprint != nil, "\(queued.body.prefix(200))")

        try policy(#"{"leftOperand": "tsunagu:ClientId", "operator": "eq", "rightOperand": "someone-else"}"#)
        let receiver = try await CallbackEndpoint.start()
        let second = try await TestGateway.start(dataDirectory: data, environment: receiver.demoEnvironment, trustRoots: receiver.certificatePath, policies: policies)
        let events = try await receiver.waitForEvents(1, timeout: 20)
        await second.stop()
        await receiver.stop()
        let answer = try #require(events.first)
        #expect(answer["type"] == "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3")
        #expect(answer["data"]?["requestEventId"] == "withdrawn")
        #expect(answer["data"]?["error"]?["code"] == "AccessDenied")
        #expect(answer["data"]?["pfs"] == nil && !answer.jsonText.contains("al-ingot"), "no footprint leaves under the withdrawn permission")
        let withheld = try await second.gateway.store.auditEntries(tenant: "demo", limit: 200).filter { $0.subject == "withdrawn" && $0.action == "delivery.withheld" }
        #expect(withheld.count == 1 && withheld.first?.detail["outcome"]?.stringValue?.contains("RequestRejected") == true, "\(withheld)")
    }
}

extension ClosedRange where Bound == Int64 {
    /// The first non-nil result of `transform` over the range, in order.
    func asyncFirst<T>(_ transform: (Int64) async throws -> T?) async rethrows -> T? {
        for value in self {
            if let found = try await transform(value) { return found }
        }
        return nil
    }
}
