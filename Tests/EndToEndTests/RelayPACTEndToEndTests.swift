import AsyncHTTPClient
import Foundation
import Testing
import TsunaguCore
import TsunaguGateway
import TsunaguRelay
import TsunaguStore

/// A PACT requester asks gateway A for a product that A's routing rules send to an upstream PACT
/// partner, gateway B: the answer is relayed, policy-checked and audited, and every failure of
/// the upstream ends in a RequestRejected event within the deadline.
@Suite(.serialized) struct RelayPACTEndToEndTests {
    static let routing = """
        rules:
          - productIdPrefix: "urn:tsunagu:test:relay:"
            from: partner:pact-supplier
          - productIdPrefix: "urn:tsunagu:test:down:"
            from: partner:down-supplier
          - productIdPrefix: "urn:tsunagu:test:garbage:"
            from: partner:garbage-supplier
          - productIdPrefix: "urn:tsunagu:test:silent:"
            from: partner:silent-supplier
          - productIdPrefix: "urn:tsunagu:test:redirect:"
            from: partner:redirect-supplier
        """

    static let requesterSource = "https://requester.example/3/events"

    func requestCreated(id: String, productID: String, source: String = Self.requesterSource) -> JSONValue {
        [
            "type": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "specversion": "1.0", "id": .string(id),
            "source": .string(source), "time": "2026-11-29T00:00:00Z", "data": ["productId": [.string(productID)]],
        ]
    }

    /// Starts supplier B (holding `footprint`), the requester's receiver and relaying gateway A.
    func withRelay(
        prohibitDistribution: Bool = false, footprint: JSONValue, configure: @escaping (inout GatewayConfiguration) -> Void = { _ in },
        _ body: (TestGateway, TestGateway, CallbackEndpoint) async throws -> Void
    ) async throws {
        let supplier = try await TestGateway.start(environment: ["TSUNAGU_DEMO_CLIENT_ID": "gateway-a"])
        let receiver = try await CallbackEndpoint.start()
        let relay: TestGateway
        do {
            try await RelayFixtures.give(footprint, to: supplier)
            relay = try await TestGateway.start(
                dataDirectory: try RelayFixtures.dataDirectory(routing: Self.routing),
                environment: [
                    "TSUNAGU_DEMO_CALLBACK_URL": receiver.baseURL, "TSUNAGU_DEMO_CALLBACK_CLIENT_ID": receiver.credentials.clientID,
                    "TSUNAGU_DEMO_CALLBACK_SECRET": receiver.credentials.clientSecret, "SUPPLIER_SECRET": supplier.clientSecret,
                ],
                trustRoots: try RelayFixtures.trustRoots([receiver.certificatePath, supplier.certificatePath]),
                policies: try RelayFixtures.policies(prohibitDistribution: prohibitDistribution), configure: configure
            )
            try await RelayFixtures.registerPACTPartner("pact-supplier", baseURL: supplier.baseURL, clientID: supplier.clientID, secretVariable: "SUPPLIER_SECRET", on: relay)
        } catch {
            await supplier.stop()
            await receiver.stop()
            throw error
        }
        do {
            try await body(relay, supplier, receiver)
        } catch {
            await relay.stop()
            await supplier.stop()
            await receiver.stop()
            throw error
        }
        await relay.stop()
        await supplier.stop()
        await receiver.stop()
    }

    /// A CloudEvent is identified by its source and id: a second system of the client that uses an
    /// event id the first one used is relayed and answered, not taken for a redelivery.
    @Test func anEventIDUsedAgainFromAnotherSourceIsRelayedAsItsOwnRequest() async throws {
        let footprint = try RelayFixtures.footprint(productID: "urn:tsunagu:test:relay:cell-06", pcf: "1.5")
        let otherSource = "https://plant-2.requester.example/3/events"
        try await withRelay(footprint: footprint) { relay, _, receiver in
            // A request relayed by an earlier version, whose id did not include the source.
            let legacy = RelayRequest(
                id: PACTRelayIntake.sourcelessRequestID(tenant: "demo", clientID: relay.clientID, eventID: "legacy-1"), tenant: "demo",
                requester: RelayRequester(
                    protocol: .pactV3, identity: relay.clientID, model: .pact3, replyAddress: .pactEvents(baseURL: Self.requesterSource, requestEventID: "legacy-1")),
                query: ProductQuery(productIDs: ["urn:tsunagu:test:relay:cell-06"]), received: Date(), deadline: Date().addingTimeInterval(3600))
            _ = try await relay.gateway.store.insert(legacy)
            try await relay.sessionKeepingGateway { client, token in
                for (id, source) in [("shared-1", Self.requesterSource), ("shared-1", otherSource), ("shared-1", Self.requesterSource), ("legacy-1", Self.requesterSource), ("legacy-1", otherSource)] {
                    let reply = try await client.event(requestCreated(id: id, productID: "urn:tsunagu:test:relay:cell-06", source: source), version: "3", token: token)
                    #expect(reply.status == 200)
                }
            }
            let events = try await receiver.waitForEvents(3, timeout: 60)
            let answered = events.compactMap { $0["data"]?["requestEventId"]?.stringValue }.sorted()
            #expect(answered == ["legacy-1", "shared-1", "shared-1"], "\(events)")
            try await Task.sleep(for: .milliseconds(600))
            #expect(await receiver.events().count == 3, "an event sent again from its source is a redelivery, relayed before ids had sources or after")
            let legacyAgain = PACTRelayIntake.requestID(tenant: "demo", clientID: relay.clientID, source: Self.requesterSource, eventID: "legacy-1")
            #expect(try await relay.gateway.store.relayRequest(id: legacyAgain) == nil, "the event relayed under its earlier id was not relayed again")
            let first = PACTRelayIntake.requestID(tenant: "demo", clientID: relay.clientID, source: Self.requesterSource, eventID: "shared-1")
            let second = PACTRelayIntake.requestID(tenant: "demo", clientID: relay.clientID, source: otherSource, eventID: "shared-1")
            #expect(try await relay.gateway.store.relayRequest(id: first)?.isFinished == true)
            #expect(try await relay.gateway.store.relayRequest(id: second)?.isFinished == true)
        }
    }

    @Test func aRequestForAPartnersProductIsFulfilledWithThePartnersNumbers() async throws {
        let pcf = "0.123456789012345678901"
        let footprint = try RelayFixtures.footprint(productID: "urn:tsunagu:test:relay:cell-01", pcf: pcf)
        try await withRelay(footprint: footprint) { relay, _, receiver in
            try await relay.sessionKeepingGateway { client, token in
                let accepted = try await client.event(requestCreated(id: "relay-1", productID: "urn:tsunagu:test:relay:cell-01"), version: "3", token: token)
                #expect(accepted.status == 200)
                let again = try await client.event(requestCreated(id: "relay-1", productID: "urn:tsunagu:test:relay:cell-01"), version: "3", token: token)
                #expect(again.status == 200)
            }
            let events = try await receiver.waitForEvents(1, timeout: 20)
            let answer = try #require(events.first)
            #expect(answer["type"] == "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3")
            #expect(answer["data"]?["requestEventId"] == "relay-1")
            let delivered = try #require(answer["data"]?["pfs"]?[0])
            #expect(delivered["pcf"]?["pcfExcludingBiogenicUptake"] == .string(pcf))
            #expect(delivered["id"] == footprint["id"])

            // The answer records the policies its footprint was released under (checked again if it waits in the queue).
            var queued: OutboxMessage?
            for id in Int64(1)...20 where queued == nil {
                if let message = try await relay.gateway.store.message(id: id), message.body.contains("relay-1") { queued = message }
            }
            #expect(queued?.policyFingerprint == relay.gateway.rules.snapshot.policies.fingerprint(ofTenant: "demo"))
            let requestID = PACTRelayIntake.requestID(tenant: "demo", clientID: relay.clientID, source: Self.requesterSource, eventID: "relay-1")
            let transitions = try await relay.gateway.store.relayTransitions(requestID: requestID)
            #expect(transitions.map(\.to) == ["authorised", "fetching", "translating", "checkingPolicy", "policyChecked", "delivered"])
            try await Task.sleep(for: .milliseconds(600))
            #expect((await receiver.events()).count == 1, "a redelivered RequestCreated must not be relayed twice")
            let audit = try await relay.gateway.store.auditEntries(tenant: "demo", limit: 200).filter { $0.subject == requestID }
            #expect(audit.contains { $0.action == "relay.translating" && $0.detail["partner"] == "pact-supplier" && $0.detail["receivedSHA256"]?.stringValue?.count == 64 })
            #expect(audit.contains { $0.action == "relay.delivered" && $0.detail["sentSHA256"]?.stringValue?.count == 64 && $0.detail["footprintId"] == footprint["id"] })
            // The policy hop states the decisions as a direct release does: policy file, content hash, rule.
            let checked = try #require(audit.first { $0.action == "relay.policyChecked" })
            let decisions = checked.detail["policy"]?["decisions"]?.arrayValue ?? []
            #expect(!decisions.isEmpty && decisions.allSatisfy { $0["decision"] == "permit" && $0["footprint"] == footprint["id"] })
            #expect(decisions.allSatisfy { $0["policies"]?[0]?["contentHash"]?.stringValue?.isEmpty == false }, "\(checked.detail)")
            #expect(checked.detail["footprintId"] == footprint["id"])

            let shown = try await runTsunagu(["audit", "show", "--data", relay.dataDirectory, "--json", requestID])
            #expect(shown.status == 0)
            let report = try JSONParser().parse(shown.output)
            #expect(report["relay"]?["state"] == "delivered")
            #expect(report["relay"]?["requester"] == .string(relay.clientID))
            let hops = report["transitions"]?.arrayValue ?? []
            #expect(hops.contains { $0["to"] == "translating" && $0["detail"]?["partner"] == "pact-supplier" })
            #expect(report["audit"]?.arrayValue?.contains { $0["detail"]?["sentSHA256"] != nil } == true)
            let listed = try await runTsunagu(["audit", "list", "--data", relay.dataDirectory, "--action", "relay.delivered"])
            #expect(listed.output.contains(requestID))
            // The requester's event id leads to the relay request it started.
            let byEvent = try await runTsunagu(["audit", "show", "--data", relay.dataDirectory, "relay-1"])
            #expect(byEvent.output.contains("relayed as \(requestID)"), "\(byEvent.output)")
            // JSON lines carry each entry's id; a mistyped tenant is said, not an empty list.
            let lines = try await runTsunagu(["audit", "list", "--data", relay.dataDirectory, "--action", "relay.delivered", "--json"])
            let first = try JSONParser().parse(String(lines.output.split(separator: "\n").first ?? ""))
            #expect(first["id"]?.numberValue != nil, "\(lines.output)")
            let typo = try await runTsunaguCapturingErrors(["audit", "list", "--data", relay.dataDirectory, "--tenant", "demoo"])
            #expect(typo.status == 1 && typo.errors.contains("no tenant 'demoo'"), "\(typo.errors)")
        }
    }

    /// A RequestCreated sent again after a restart with other routing rules is answered as it was
    /// the first time: one relayed before is not answered again from the gateway's own store, and
    /// one the gateway answered is not relayed.
    @Test func aRequestSentAgainAfterTheRoutingChangedIsNotAnsweredTwice() async throws {
        let supplier = try await TestGateway.start(environment: ["TSUNAGU_DEMO_CLIENT_ID": "gateway-a"])
        let receiver = try await CallbackEndpoint.start()
        let footprint = try RelayFixtures.footprint(productID: "urn:tsunagu:test:relay:cell-09", pcf: "4.25")
        try await RelayFixtures.give(footprint, to: supplier)
        let data = try RelayFixtures.dataDirectory(routing: Self.routing)
        let environment = [
            "TSUNAGU_DEMO_CALLBACK_URL": receiver.baseURL, "TSUNAGU_DEMO_CALLBACK_CLIENT_ID": receiver.credentials.clientID,
            "TSUNAGU_DEMO_CALLBACK_SECRET": receiver.credentials.clientSecret, "SUPPLIER_SECRET": supplier.clientSecret,
            "TSUNAGU_DEMO_CLIENT_SECRET": "moved-routing-secret-0123456789",
        ]
        let trust = try RelayFixtures.trustRoots([receiver.certificatePath, supplier.certificatePath])
        let policies = try RelayFixtures.policies()
        let relayed = requestCreated(id: "moved-1", productID: "urn:tsunagu:test:relay:cell-09")
        let answered = requestCreated(id: "moved-2", productID: "urn:tsunagu:demo:product:steel-coil-hr-2mm")
        do {
            let before = try await TestGateway.start(dataDirectory: data, environment: environment, trustRoots: trust, policies: policies)
            try await RelayFixtures.registerPACTPartner("pact-supplier", baseURL: supplier.baseURL, clientID: supplier.clientID, secretVariable: "SUPPLIER_SECRET", on: before)
            try await before.session { client, token in
                #expect(try await client.event(relayed, version: "3", token: token).status == 200)
                #expect(try await client.event(answered, version: "3", token: token).status == 200)
                _ = try await receiver.waitForEvents(2, timeout: 30)
            }
            // The relayed product is now the gateway's own (it has none), and the demo product a partner's.
            let moved = """
                rules:
                  - productIdPrefix: "urn:tsunagu:demo:product:"
                    from: partner:pact-supplier
                """
            try moved.write(toFile: data + "/routing/demo.yaml", atomically: true, encoding: .utf8)
            let after = try await TestGateway.start(dataDirectory: data, environment: environment, trustRoots: trust, policies: policies)
            try await after.session { client, token in
                #expect(try await client.event(relayed, version: "3", token: token).status == 200)
                #expect(try await client.event(answered, version: "3", token: token).status == 200)
                try await Task.sleep(for: .milliseconds(1_500))
                let answeredID = PACTRelayIntake.requestID(tenant: "demo", clientID: after.clientID, source: Self.requesterSource, eventID: "moved-2")
                #expect(try await after.gateway.store.relayRequest(id: answeredID) == nil, "a request the gateway answered was relayed")
            }
            let events = await receiver.events()
            #expect(events.count == 2, "\(events.map { $0["data"]?["requestEventId"] ?? .null })")
            #expect(Set(events.compactMap { $0["data"]?["requestEventId"]?.stringValue }) == ["moved-1", "moved-2"])
        } catch {
            await supplier.stop()
            await receiver.stop()
            throw error
        }
        await supplier.stop()
        await receiver.stop()
    }

    /// A client without a callback endpoint could never be answered: its request for a partner's
    /// product is refused at once, as one for the gateway's own products is, and nothing is relayed.
    @Test func aRequestFromAClientWithoutCallbackIsRefusedBeforeItIsRelayed() async throws {
        let footprint = try RelayFixtures.footprint(productID: "urn:tsunagu:test:relay:cell-04", pcf: "3.5")
        try await withRelay(footprint: footprint) { relay, _, receiver in
            let secret = "no-callback-secret-0123456789"
            try await relay.gateway.store.addClient(
                APIClient(clientID: "no-callback", tenant: "demo", secretHash: try SecretHasher.hash(secret), callback: nil, created: Date()))
            try await relay.sessionKeepingGateway { client, _ in
                let token = try await client.token(clientID: "no-callback", secret: secret)
                for (id, product) in [("orphan-relayed", "urn:tsunagu:test:relay:cell-04"), ("orphan-own", "urn:tsunagu:demo:product:unknown")] {
                    let refused = try await client.event(requestCreated(id: id, productID: product), version: "3", token: token)
                    #expect(refused.status == 400, "\(id): \(refused.status) \(refused.text)")
                    #expect(refused.body?["code"] == "BadRequest")
                    #expect(refused.body?["message"]?.stringValue?.contains("callback") == true, "\(refused.text)")
                }
            }
            let requestID = PACTRelayIntake.requestID(tenant: "demo", clientID: "no-callback", source: Self.requesterSource, eventID: "orphan-relayed")
            #expect(try await relay.gateway.store.relayTransitions(requestID: requestID).isEmpty, "nothing was relayed")
            try await Task.sleep(for: .milliseconds(300))
            #expect(await receiver.events().isEmpty)
        }
    }

    /// A client whose callback secret the operator has not set could never be answered either
    /// (the gateway cannot log in to its endpoint): its request is refused at once with the reason,
    /// instead of being accepted and retried for 72 hours.
    @Test func aRequestFromAClientWhoseCallbackSecretIsUnsetIsRefused() async throws {
        let footprint = try RelayFixtures.footprint(productID: "urn:tsunagu:test:relay:cell-05", pcf: "3.5")
        try await withRelay(footprint: footprint) { relay, _, receiver in
            let secret = "unset-callback-secret-0123456789"
            try await relay.gateway.store.addClient(APIClient(
                clientID: "unset-secret", tenant: "demo", secretHash: try SecretHasher.hash(secret),
                callback: CallbackRegistration(baseURL: receiver.baseURL, clientID: "x", secretEnvironmentVariable: "TSUNAGU_TEST_NEVER_SET"), created: Date()))
            try await relay.sessionKeepingGateway { client, _ in
                let token = try await client.token(clientID: "unset-secret", secret: secret)
                for (id, product) in [("unset-relayed", "urn:tsunagu:test:relay:cell-05"), ("unset-own", "urn:tsunagu:demo:product:steel-coil-hr-2mm")] {
                    let refused = try await client.event(requestCreated(id: id, productID: product), version: "3", token: token)
                    #expect(refused.status == 500, "\(id): \(refused.status) \(refused.text)")
                    #expect(refused.body?["code"] == "InternalError")
                    #expect(refused.body?["message"]?.stringValue?.contains("callback secret") == true, "\(refused.text)")
                }
            }
            let requestID = PACTRelayIntake.requestID(tenant: "demo", clientID: "unset-secret", source: Self.requesterSource, eventID: "unset-relayed")
            #expect(try await relay.gateway.store.relayTransitions(requestID: requestID).isEmpty, "nothing was relayed")
            #expect(try await relay.gateway.store.pendingMessageCount() == 0, "nothing was queued")
        }
    }

    @Test func aProhibitedDistributionIsRejectedAsAccessDenied() async throws {
        let footprint = try RelayFixtures.footprint(productID: "urn:tsunagu:test:relay:cell-02", pcf: "12.5")
        try await withRelay(prohibitDistribution: true, footprint: footprint) { relay, _, receiver in
            try await relay.sessionKeepingGateway { client, token in
                _ = try await client.event(requestCreated(id: "forbidden", productID: "urn:tsunagu:test:relay:cell-02"), version: "3", token: token)
            }
            let answer = try #require(try await receiver.waitForEvents(1, timeout: 20).first)
            #expect(answer["type"] == "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3")
            #expect(answer["data"]?["error"]?["code"] == "AccessDenied")
            #expect(answer["data"]?["error"]?["message"]?.stringValue?.contains("distribute") == true)
        }
    }

    /// A partner that redirects is not followed: the secrets an outbound call carries (a client
    /// secret, an Ouranos API key, a Catena-X data-plane key) must not go to the host it names.
    @Test func aRedirectingUpstreamIsNotFollowed() async throws {
        let elsewhere = try await MisbehavingUpstream.start(.garbage)
        let redirecting = try await MisbehavingUpstream.start(.redirect(to: elsewhere.baseURL))
        defer { Task { await elsewhere.stop(); await redirecting.stop() } }
        let footprint = try RelayFixtures.footprint(productID: "urn:tsunagu:test:relay:unused", pcf: "1")
        try await withRelay(footprint: footprint, configure: { configuration in
            configuration.relayDeadlineSeconds = 4
            configuration.relayAttemptTimeoutSeconds = 1
        }) { relay, _, receiver in
            try await RelayFixtures.registerPACTPartner("redirect-supplier", baseURL: redirecting.baseURL, clientID: "x", secretVariable: "SUPPLIER_SECRET", on: relay)
            try await relay.sessionKeepingGateway { client, token in
                _ = try await client.event(requestCreated(id: "redirect", productID: "urn:tsunagu:test:redirect:part"), version: "3", token: token)
            }
            let answer = try #require(try await receiver.waitForEvents(1, timeout: 20).first)
            #expect(answer["type"] == "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3")
            #expect(redirecting.requests > 0, "the partner was asked")
            #expect(elsewhere.requests == 0, "the redirect was followed to another host")
        }
    }

    @Test func anUpstreamThatIsDownSlowOrGarbledEndsInARejectionWithinTheDeadline() async throws {
        let garbage = try await MisbehavingUpstream.start(.garbage)
        let silent = try await MisbehavingUpstream.start(.silent)
        defer { Task { await garbage.stop(); await silent.stop() } }
        let footprint = try RelayFixtures.footprint(productID: "urn:tsunagu:test:relay:unused", pcf: "1")
        try await withRelay(footprint: footprint, configure: { configuration in
            configuration.relayDeadlineSeconds = 4
            configuration.relayAttemptTimeoutSeconds = 1
        }) { relay, _, receiver in
            try await RelayFixtures.registerPACTPartner("down-supplier", baseURL: "https://127.0.0.1:9", clientID: "x", secretVariable: "SUPPLIER_SECRET", on: relay)
            try await RelayFixtures.registerPACTPartner("garbage-supplier", baseURL: garbage.baseURL, clientID: "x", secretVariable: "SUPPLIER_SECRET", on: relay)
            try await RelayFixtures.registerPACTPartner("silent-supplier", baseURL: silent.baseURL, clientID: "x", secretVariable: "SUPPLIER_SECRET", on: relay)
            let sent = Date()
            try await relay.sessionKeepingGateway { client, token in
                for kind in ["down", "garbage", "silent"] {
                    _ = try await client.event(requestCreated(id: kind, productID: "urn:tsunagu:test:\(kind):part"), version: "3", token: token)
                }
            }
            let events = try await receiver.waitForEvents(3, timeout: 20)
            let elapsed = Date().timeIntervalSince(sent)
            #expect(elapsed < 8, "every request must end within its 4 s deadline (took \(elapsed) s)")
            for kind in ["down", "garbage", "silent"] {
                let answer = try #require(events.first { $0["data"]?["requestEventId"]?.stringValue == kind })
                #expect(answer["type"] == "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3")
                let message = answer["data"]?["error"]?["message"]?.stringValue ?? ""
                #expect(message.contains("\(kind)-supplier") || message.contains("deadline"), "\(kind): \(message)")
            }
            let garbled = try #require(events.first { $0["data"]?["requestEventId"] == "garbage" })
            #expect(["AccessDenied", "InternalError"].contains(garbled["data"]?["error"]?["code"]?.stringValue ?? ""))
        }
    }
}
