import AsyncHTTPClient
import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguGateway
import TsunaguRelay
import TsunaguSchema
import TsunaguStore

/// Ouranos through the relay, with real gateways on loopback: a PACT requester served by an
/// Ouranos-side supplier (another Tsunagu), and Ouranos-side buyers served from the tenant's store.
@Suite(.serialized) struct OuranosRelayEndToEndTests {
    static let buyerAccount = "buyer-gamma"
    static let buyerPassword = "gamma-password"

    func requestCreated(id: String, productID: String) -> JSONValue {
        [
            "type": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "specversion": "1.0", "id": .string(id),
            "source": "https://requester.example/3/events", "time": "2026-11-29T00:00:00Z", "data": ["productId": [.string(productID)]],
        ]
    }

    /// Scenario 3: a PACT requester asks Tsunagu A; A's routing sends the product to Ouranos partner
    /// B (another Tsunagu serving the Ouranos API from its store); the requester receives
    /// RequestFulfilled with B's numbers.
    @Test func aPACTRequesterIsAnsweredByAnOuranosSupplier() async throws {
        let (events, schemas, seconds) = try await relayThroughOuranosSupplier(betaDistributes: true, products: ["bolt-1": "urn:tsunagu:test:ouranos:bolt-m8"])
        #expect(seconds < 20, "answered after \(seconds) s, within A's deadline of 20 s")
        let event = try requireValue(events["bolt-1"])
        #expect(event["type"] == "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3", "\(event.jsonText)")
        let footprint = try requireValue(event["data"]?["pfs"]?[0], "the footprint")
        let total = try requireValue(footprint[pointer: "/pcf/pcfExcludingBiogenicUptake"]?.stringValue.flatMap(ExactDecimal.init(parsing:)))
        #expect(total.isNumericallyEqual(to: ExactDecimal(parsing: "3.14159")!))
        #expect(footprint[pointer: "/pcf/pcfExcludingBiogenicUptake"] == "3.14159")
        #expect(footprint[pointer: "/pcf/declaredUnitOfMeasurement"] == "kilogram")
        #expect(footprint["companyIds"]?.arrayValue?.contains(.string("urn:tsunagu:jp-corporate-number:\(OuranosCompanies.beta.digits)")) == true)
        let problems = schemas.validate(footprint, model: .pact3) ?? []
        let errors = problems.filter { $0.severity == .error }.map(\.description)
        #expect(errors.isEmpty, "the relayed footprint is valid PACT v3 (Ouranos-less fields filled by the mapping's stated defaults): \(errors)")
    }

    /// Scenario 4 through Ouranos: B's policy prohibits distribution, so B sends the request back;
    /// A answers AccessDenied with B's reason. A product B does not have is NotFound.
    @Test func anOuranosSuppliersRefusalReachesThePACTRequester() async throws {
        let (events, _, _) = try await relayThroughOuranosSupplier(
            betaDistributes: false, products: ["bolt-2": "urn:tsunagu:test:ouranos:bolt-m8", "missing-1": "urn:tsunagu:test:ouranos:missing"]
        )
        let refused = try requireValue(events["bolt-2"])
        #expect(refused["type"] == "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3")
        #expect(refused["data"]?["error"]?["code"] == "AccessDenied")
        #expect(refused["data"]?["error"]?["message"]?.stringValue?.contains("ouranos-beta") == true)
        #expect(refused["data"]?["error"]?["message"]?.stringValue?.contains("usage policy does not allow action 'distribute'") == true, "\(refused.jsonText)")
        let missing = try requireValue(events["missing-1"])
        #expect(missing["type"] == "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3")
        #expect(missing["data"]?["error"]?["code"] == "NotFound", "\(missing.jsonText)")
    }

    /// Scenario 5 through Ouranos: B accepts the trade request but never answers it (its own
    /// upstream is down and its deadline is long); A, which waits for answers given later no
    /// longer than its deadline, answers the PACT requester with an expiry within that deadline,
    /// naming the Ouranos supplier.
    @Test func aSupplierThatNeverAnswersEndsInAnExpiryWithinTheDeadline() async throws {
        let (events, _, seconds) = try await relayThroughOuranosSupplier(
            betaDistributes: true, products: ["slow-1": "urn:tsunagu:test:ouranos:bolt-m8"],
            betaRouting: "rules:\n  - productIdPrefix: \"urn:tsunagu:test:ouranos:\"\n    from: partner:nowhere\n", alphaDeadline: 3,
            alphaLaterAnswerDeadline: 3
        )
        let expired = try requireValue(events["slow-1"])
        #expect(expired["type"] == "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3")
        #expect(expired["data"]?["error"]?["code"] == "InternalError", "\(expired.jsonText)")
        #expect(expired["data"]?["error"]?["message"]?.stringValue?.contains("ouranos-beta") == true, "\(expired.jsonText)")
        // The deadline is 3 s; the answer then goes through the outbox to the requester.
        #expect(seconds < 3 + 5, "answered after \(seconds) s")
    }

    /// Ouranos suppliers answer trade requests when a person gets to them: B accepts A's trade
    /// request and sends it back only after A's own 3 s deadline (B's upstream is down, and B
    /// gives up after 6 s). A keeps looking at the trade and tells the PACT requester B's refusal.
    @Test func aTradeSentBackAfterTheRequestersDeadlineStillReachesIt() async throws {
        let (events, _, seconds) = try await relayThroughOuranosSupplier(
            betaDistributes: true, products: ["late-1": "urn:tsunagu:test:ouranos:bolt-m8"],
            betaRouting: "rules:\n  - productIdPrefix: \"urn:tsunagu:test:ouranos:\"\n    from: partner:nowhere\n", alphaDeadline: 3,
            betaDeadline: 6
        )
        let refused = try requireValue(events["late-1"])
        #expect(refused["type"] == "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3")
        #expect(refused["data"]?["error"]?["code"] == "AccessDenied", "\(refused.jsonText)")
        #expect(refused["data"]?["error"]?["message"]?.stringValue?.contains("ouranos-beta") == true, "\(refused.jsonText)")
        #expect(seconds > 6, "answered after \(seconds) s, before B sent the trade back")
    }

    /// Starts Ouranos supplier B (with the bolt in its store) and A (routing the test products to
    /// B), sends A one RequestCreated per product and returns the answers by request event id.
    func relayThroughOuranosSupplier(
        betaDistributes: Bool, products: [String: String], betaRouting: String? = nil, alphaDeadline: Double = 20,
        alphaLaterAnswerDeadline: Double? = nil, betaDeadline: Double = 30
    ) async throws -> (events: JSONObject, schemas: SchemaRegistry, seconds: TimeInterval) {
        let receiver = try await CallbackEndpoint.start()
        let beta = try await OuranosTestCompany.start(
            name: "beta", corporateNumber: OuranosCompanies.beta, environment: ["TSUNAGU_OURANOS_API_KEY": OuranosCompanies.apiKey, "NOWHERE_SECRET": "x"],
            policies: try OuranosCompanies.policies(distribute: betaDistributes), routing: betaRouting, footprints: [OuranosCompanies.bolt(total: "3.14159")],
            relayDeadline: betaDeadline
        )
        let nowhere = try Partner(
            name: "nowhere", tenant: OuranosTestCompany.tenant, ecosystem: .pact, baseURL: "https://127.0.0.1:9", model: "pact@3.0.0",
            outbound: OutboundCredentials(clientID: "x", secretVariable: "NOWHERE_SECRET")
        )
        try await beta.gateway.store.addPartner(nowhere.stored(created: Date()))
        try await beta.addBuyer(name: "alpha", corporateNumber: OuranosCompanies.alpha, account: "tsunagu-alpha", password: "alpha-password")
        let trust = try RepositoryPaths.temporaryDirectory("tsunagu-ouranos-trust") + "/roots.pem"
        let roots = try String(contentsOfFile: receiver.certificatePath, encoding: .utf8) + "\n" + String(contentsOfFile: beta.certificatePath, encoding: .utf8)
        try roots.write(toFile: trust, atomically: true, encoding: .utf8)
        let alpha = try await OuranosTestCompany.start(
            name: "alpha", corporateNumber: OuranosCompanies.alpha,
            environment: [
                "TSUNAGU_DEMO_CALLBACK_URL": receiver.baseURL, "TSUNAGU_DEMO_CALLBACK_CLIENT_ID": receiver.credentials.clientID,
                "TSUNAGU_DEMO_CALLBACK_SECRET": receiver.credentials.clientSecret, "BETA_PASSWORD": "alpha-password", "BETA_API_KEY": OuranosCompanies.apiKey,
            ],
            trustRoots: trust, policies: try OuranosCompanies.policies(distribute: true),
            routing: "rules:\n  - productIdPrefix: \"urn:tsunagu:test:ouranos:\"\n    from: partner:ouranos-beta\n", relayDeadline: alphaDeadline,
            laterAnswerDeadline: alphaLaterAnswerDeadline
        )
        try await alpha.addSupplier(
            name: "ouranos-beta", baseURL: beta.baseURL, corporateNumber: OuranosCompanies.beta, account: "tsunagu-alpha",
            passwordVariable: "BETA_PASSWORD", apiKeyVariable: "BETA_API_KEY"
        )
        var answers: JSONObject = [:]
        var seconds: TimeInterval = 0
        try await alpha.withClient(stopping: [beta, receiver]) { http in
            let pact = PACTTestClient(http: http, baseURL: alpha.baseURL)
            let token = try await pact.token(clientID: alpha.clientID, secret: alpha.clientSecret)
            let sent = Date()
            for (id, product) in products.sorted(by: { $0.key < $1.key }) {
                let accepted = try await pact.event(requestCreated(id: id, productID: product), version: "3", token: token)
                #expect(accepted.status == 200)
            }
            for event in try await receiver.waitForEvents(products.count, timeout: 40) {
                if let id = event["data"]?["requestEventId"]?.stringValue { answers[id] = event }
            }
            seconds = Date().timeIntervalSince(sent)
        }
        return (answers, alpha.gateway.rules.snapshot.schemas, seconds)
    }

    /// An Ouranos-side buyer asks Tsunagu A for a product A holds: COMPLETED, and the CFP values
    /// are the store's total per one kilogram, five decimals rounded up, as main production.
    @Test func anOuranosBuyerReadsTheCFPOfAStoredProduct() async throws {
        let alpha = try await startAlphaWithBuyer(policies: try OuranosCompanies.policies(distribute: true))
        try await alpha.withClient { http in
            let buyer = OuranosBuyer(client: OuranosClient(httpClient: http, baseURL: alpha.baseURL, apiKey: OuranosCompanies.apiKey), account: Self.buyerAccount, password: Self.buyerPassword)
            let outcome = try await buyer.ask(supplier: OuranosCompanies.alpha, productID: "urn:tsunagu:demo:product:steel-coil-hr-2mm")
            #expect(outcome.status.responseStatus == .completed, "\(outcome.status.replyMessage ?? "")")
            #expect(outcome.values.map(\.cfpType) == ["preProductionResponse", "mainProductionResponse"])
            #expect(outcome.values.allSatisfy { $0.traceID == outcome.traceID && $0.ghgDeclaredUnit == "kgCO2e/kilogram" })
            // 1893.123456789012345 kgCO2e per 1000.0 kg = 1.893123456789012345 per kg, rounded up to 5 decimals.
            #expect(outcome.values.last?.ghgEmission?.decimal.isNumericallyEqual(to: ExactDecimal(parsing: "1.89313")!) == true)
            #expect(outcome.values.first?.ghgEmission?.decimal.isZero == true)

            let tokens = try await buyer.client.login(accountID: Self.buyerAccount, password: Self.buyerPassword)
            let trades = try await buyer.client.statuses(accessToken: tokens.accessToken)
            #expect(trades.count == 1)
            let wrongKey = OuranosClient(httpClient: http, baseURL: alpha.baseURL, apiKey: "wrong")
            await #expect(throws: OuranosClientError.self) { _ = try await wrongKey.login(accountID: Self.buyerAccount, password: Self.buyerPassword) }
        }
    }

    /// Across ecosystems: an Ouranos-side buyer asks Tsunagu A; A's routing sends the product to a
    /// PACT supplier (Tsunagu B serving PACT v3); the buyer reads B's total as main production.
    @Test func anOuranosBuyerIsAnsweredByAPACTSupplier() async throws {
        let outcome = try await askAlphaForBetasBolt(total: "3.14159")
        #expect(outcome.status.responseStatus == .completed, "\(outcome.status.replyMessage ?? "")")
        #expect(outcome.values.last?.ghgEmission?.text == "3.14159")
        #expect(outcome.values.first?.ghgEmission?.decimal.isZero == true)
    }

    /// A footprint Ouranos values cannot hold (above 99999.99999 per unit) is not COMPLETED with
    /// values that fail to read: the buyer reads REJECT, saying why, and no values.
    @Test func aFootprintBeyondOuranosBoundsIsReadAsRejectNotAsAFailingCompletion() async throws {
        let outcome = try await askAlphaForBetasBolt(total: "150000")
        #expect(outcome.status.responseStatus == .reject)
        #expect(outcome.status.replyMessage?.contains("99999.99999") == true, "\(outcome.status.replyMessage ?? "")")
        #expect(outcome.values.isEmpty)
    }

    /// Scenario 4 for Ouranos: the data owner prohibits distribution; the buyer reads REJECT with the reason.
    @Test func aProhibitionOnDistributionIsReadAsReject() async throws {
        let outcome = try await askAlphaForItsSteelCoil(policies: try OuranosCompanies.policies(distribute: false))
        #expect(outcome.status.responseStatus == .reject)
        #expect(outcome.status.replyMessage?.contains("usage policy does not allow action 'distribute'") == true, "\(outcome.status.replyMessage ?? "")")
        #expect(outcome.values.isEmpty)
    }

    /// A usage notice is the condition the owner releases the footprint under, and Ouranos values
    /// have no place for it: the buyer reads REJECT saying so, and no values.
    @Test func aFootprintReleasedUnderANoticeIsNotGivenAsOuranosValues() async throws {
        let outcome = try await askAlphaForItsSteelCoil(policies: try OuranosCompanies.policies(distribute: true, notice: "For the buyer's own Scope 3 reporting only."))
        #expect(outcome.status.responseStatus == .reject)
        #expect(outcome.status.replyMessage?.contains("notice") == true, "\(outcome.status.replyMessage ?? "")")
        #expect(outcome.values.isEmpty)
    }

    /// What an Ouranos-side buyer reads when it asks Tsunagu A, under `policies`, for a steel coil A holds.
    func askAlphaForItsSteelCoil(policies: String) async throws -> OuranosBuyer.Outcome {
        let alpha = try await startAlphaWithBuyer(policies: policies)
        var outcome: OuranosBuyer.Outcome?
        try await alpha.withClient { http in
            let buyer = OuranosBuyer(client: OuranosClient(httpClient: http, baseURL: alpha.baseURL, apiKey: OuranosCompanies.apiKey), account: Self.buyerAccount, password: Self.buyerPassword)
            outcome = try await buyer.ask(supplier: OuranosCompanies.alpha, productID: "urn:tsunagu:demo:product:steel-coil-hr-2mm")
        }
        return try #require(outcome)
    }

    /// A trade is written just before its relay request: one whose request is missing reads as
    /// under way at first, and as rejected (saying why) once it can no longer be in the making.
    @Test func aTradeWithoutItsRelayRequestReadsUnderWayThenRejected() async throws {
        let alpha = try await startAlphaWithBuyer(policies: try OuranosCompanies.policies(distribute: true))
        try await alpha.withClient { http in
            let client = OuranosClient(httpClient: http, baseURL: alpha.baseURL, apiKey: OuranosCompanies.apiKey)
            let tokens = try await client.login(accountID: Self.buyerAccount, password: Self.buyerPassword)
            let me = try await client.currentOperator(accessToken: tokens.accessToken)
            let statusIDs = ["fresh": UUID().uuidString.lowercased(), "stale": UUID().uuidString.lowercased()]
            for (name, age) in [("fresh", 0.0), ("stale", 120.0)] {
                let store = try #require(alpha.gateway.store as? any OuranosStore)
                try await store.addOuranosTrade(StoredOuranosTrade(
                    tenant: OuranosTestCompany.tenant, tradeID: UUID().uuidString.lowercased(), statusID: statusIDs[name] ?? "", relayRequestID: "never-made-\(name)",
                    downstreamOperatorID: me.operatorID, upstreamOperatorID: UUID().uuidString.lowercased(), downstreamTraceID: UUID().uuidString.lowercased(),
                    message: nil, responseDueDate: "2030-01-01", created: Date().addingTimeInterval(-age)))
            }
            let statuses = try await client.statuses(target: nil, accessToken: tokens.accessToken)
            #expect(statuses.first { $0.statusID == statusIDs["fresh"] }?.responseStatus == .notCompleted)
            let stale = statuses.first { $0.statusID == statusIDs["stale"] }
            #expect(stale?.responseStatus == .reject)
            #expect(stale?.replyMessage?.contains("send the trade request again") == true)
        }
    }

    /// Scenario 5 for Ouranos: the product is routed to an Ouranos supplier that is down; the buyer
    /// reads REJECT, saying so, within the relay's deadline.
    @Test func anUnreachableSupplierIsReadAsRejectWithinTheDeadline() async throws {
        let alpha = try await startAlphaWithBuyer(
            policies: try OuranosCompanies.policies(distribute: true), relayDeadline: 3,
            routing: "rules:\n  - productIdPrefix: \"urn:tsunagu:test:ouranos:\"\n    from: partner:ouranos-down\n"
        )
        try await alpha.addSupplier(
            name: "ouranos-down", baseURL: "https://127.0.0.1:9", corporateNumber: OuranosCompanies.beta, account: "tsunagu-alpha",
            passwordVariable: "DOWN_PASSWORD", apiKeyVariable: "DOWN_API_KEY"
        )
        try await alpha.withClient { http in
            let buyer = OuranosBuyer(client: OuranosClient(httpClient: http, baseURL: alpha.baseURL, apiKey: OuranosCompanies.apiKey), account: Self.buyerAccount, password: Self.buyerPassword)
            let outcome = try await buyer.ask(supplier: OuranosCompanies.alpha, productID: "urn:tsunagu:test:ouranos:bolt-m8", timeout: 10)
            #expect(outcome.status.responseStatus == .reject)
            #expect(outcome.seconds < 3 + 3, "answered after \(outcome.seconds) s")
            #expect(outcome.status.replyMessage?.contains("ouranos-down") == true, "\(outcome.status.replyMessage ?? "")")
        }
    }

    /// An Ouranos-side buyer asks Tsunagu A for a bolt that A's routing sends to a PACT supplier
    /// (Tsunagu B serving PACT v3, whose bolt states `total`): what the buyer reads.
    func askAlphaForBetasBolt(total: String) async throws -> OuranosBuyer.Outcome {
        let policies = try OuranosCompanies.policies(distribute: true)
        let beta = try await OuranosTestCompany.start(
            name: "beta", corporateNumber: OuranosCompanies.beta, policies: policies, footprints: [OuranosCompanies.bolt(total: total)]
        )
        let alpha = try await OuranosTestCompany.start(
            name: "alpha", corporateNumber: OuranosCompanies.alpha,
            environment: ["TSUNAGU_OURANOS_API_KEY": OuranosCompanies.apiKey, "BETA_PACT_SECRET": beta.clientSecret],
            trustRoots: beta.certificatePath, policies: policies,
            routing: "rules:\n  - productIdPrefix: \"urn:tsunagu:test:ouranos:\"\n    from: partner:pact-beta\n"
        )
        try await alpha.addBuyer(name: "gamma", corporateNumber: OuranosCompanies.gamma, account: Self.buyerAccount, password: Self.buyerPassword)
        let partner = try Partner(
            name: "pact-beta", tenant: OuranosTestCompany.tenant, ecosystem: .pact, baseURL: beta.baseURL, model: "pact@3.0.0",
            outbound: OutboundCredentials(clientID: beta.clientID, secretVariable: "BETA_PACT_SECRET")
        )
        try await alpha.gateway.store.addPartner(partner.stored(created: Date()))
        var outcome: OuranosBuyer.Outcome?
        try await alpha.withClient(stopping: [beta]) { http in
            let buyer = OuranosBuyer(client: OuranosClient(httpClient: http, baseURL: alpha.baseURL, apiKey: OuranosCompanies.apiKey), account: Self.buyerAccount, password: Self.buyerPassword)
            outcome = try await buyer.ask(supplier: OuranosCompanies.alpha, productID: "urn:tsunagu:test:ouranos:bolt-m8")
        }
        return try #require(outcome)
    }

    func startAlphaWithBuyer(policies: String, relayDeadline: Double = 20, routing: String? = nil) async throws -> OuranosTestCompany {
        let alpha = try await OuranosTestCompany.start(
            name: "alpha", corporateNumber: OuranosCompanies.alpha,
            environment: ["TSUNAGU_OURANOS_API_KEY": OuranosCompanies.apiKey, "DOWN_PASSWORD": "x", "DOWN_API_KEY": "y"],
            policies: policies, routing: routing, relayDeadline: relayDeadline
        )
        try await alpha.addBuyer(name: "gamma", corporateNumber: OuranosCompanies.gamma, account: Self.buyerAccount, password: Self.buyerPassword)
        return alpha
    }
}
