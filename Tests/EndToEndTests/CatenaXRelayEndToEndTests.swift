import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Testing
import TsunaguCore
import TsunaguGateway
import TsunaguRelay
import TsunaguSchema
import TsunaguStore

/// A Catena-X customer asks Tsunagu A for a PCF that lives at a PACT supplier, Tsunagu B
/// (issue 6, scenarios 1, 4 and 5 for Catena-X): real gateways and a real customer endpoint on
/// loopback, real HTTP(S) between them.
@Suite(.serialized) struct CatenaXRelayEndToEndTests {
    static let customerBPN = "BPNL00000003CUST"
    static let supplierBPN = "BPNL00000003SUPP"
    static let dataPlaneKey = "e2e-data-plane-key-0123456789"
    static let relayedProduct = "urn:tsunagu:e2e:product:relayed-cell"
    static let keptProduct = "urn:tsunagu:e2e:product:kept-home"
    static let relayedFootprint = "7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a01"
    static let keptFootprint = "7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a02"

    /// A Catena-X request retries as the operator configured, not with the built-in defaults.
    @Test func aCatenaXRequestRetriesAsConfigured() async throws {
        try await withRelay(configure: { configuration in
            configuration.relayMaxAttempts = 2
            configuration.relayAttemptTimeoutSeconds = 7
            configuration.relayDeadlineSeconds = 30
        }) { _, a, _, _, client in
            #expect(try await Self.request(client, a, requestID: "cx-retry-1", part: "urn:tsunagu:e2e:down:part").status == 200)
            let stored = try await a.gateway.store.unfinishedRelayRequests()
            let request = try #require(try stored.map(RelayRequest.init(stored:)).first { $0.query.productIDs.contains("urn:tsunagu:e2e:down:part") })
            #expect(request.retryPolicy.maxAttempts == 2)
            #expect(request.retryPolicy.attemptTimeout == 7)
        }
    }

    @Test func aCatenaXCustomerReceivesThePACTSuppliersFootprintAsAValidCatenaX9Document() async throws {
        try await withRelay { b, a, customer, _, client in
            let first = try await Self.request(client, a, requestID: "cx-req-1", part: Self.relayedProduct)
            #expect(first.status == 200)
            let deliveries = try await customer.waitForDeliveries(1, timeout: 20)
            let repeated = deliveries.isEmpty ? try await Self.request(client, a, requestID: "cx-req-1", part: Self.relayedProduct) : (200, "")
            let delivery = try #require(deliveries.first, "no PUT; the repeated request is answered \(repeated)")
            #expect(delivery.path == "/footprintExchange/cx-req-1")
            #expect(delivery.query["update"] == "false")

            let problems = try Self.officialSchema().validate(delivery.document).filter { $0.severity == .error }
            #expect(problems.isEmpty, "\(problems.prefix(5))")
            let stage = delivery.document[pointer: "/productLifeCycleStagesAndEmissions/0/productionStage/0"]
            #expect(stage?["pcfExcludingBiogenicUptake"]?.numberValue.flatMap { ExactDecimal(parsing: $0.text) } == ExactDecimal(parsing: "1234.567890123456789012"))
            let atB = try await b.gateway.store.footprint(id: Self.relayedFootprint, tenant: "demo")
            let fossil = try #require(atB?.footprint.document[pointer: "/pcf/fossilGhgEmissions"]?.stringValue)
            #expect(stage?["fossilGhgEmissions"]?.numberValue.flatMap { ExactDecimal(parsing: $0.text) } == ExactDecimal(parsing: fossil))
            let productIDs = delivery.document[pointer: "/companyAndProductInformation/0/productInformation/0/productIds"]?.arrayValue ?? []
            #expect(productIDs.contains(.string(Self.relayedProduct)))

            let again = try await Self.request(client, a, requestID: "cx-req-1", part: Self.relayedProduct)
            #expect(again.status == 200)
            // The same id for another part would bring the first part's answer under it.
            let reused = try await Self.request(client, a, requestID: "cx-req-1", part: "urn:tsunagu:e2e:other-part")
            #expect(reused.status == 400)
            #expect(reused.message.contains("already used"), "\(reused.message)")
            // The same id in another aspect version would never be answered in that version.
            let otherVersion = try await Self.request(client, a, requestID: "cx-req-1", part: Self.relayedProduct, extra: "&dataModelVersion=7.0.0")
            #expect(otherVersion.status == 400)
            #expect(otherVersion.message.contains("already used") && otherVersion.message.contains("9.0.0"), "\(otherVersion.message)")
            try await Task.sleep(for: .milliseconds(500))
            #expect(customer.deliveries.count == 1)
        }
    }

    @Test func aLaterVersionOfADeliveredFootprintIsPushedWithUpdateTrue() async throws {
        try await withRelay { b, a, customer, _, client in
            let own = "urn:tsunagu:e2e:own:cell"
            let ownID = "7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a03"
            try await Self.importFootprint(try Self.footprint(gateway: a, id: ownID, product: own, pcfExcludingBiogenicUptake: "1800.5"), into: a)
            #expect(try await Self.request(client, a, requestID: "cx-own-1", part: own).status == 200)
            let first = try await customer.waitForDeliveries(1, timeout: 20)
            #expect(first.first?.query["update"] == "false")
            try await Task.sleep(for: .milliseconds(50))

            let revised = try Self.footprint(gateway: a, id: ownID, product: own, pcfExcludingBiogenicUptake: "1799.000000000000000007")
            let outcome = await FootprintImporter(store: a.gateway.store, rules: a.gateway.rules).importDocument(revised, tenant: "demo")
            guard case .success(.superseded) = outcome else {
                Issue.record("the revised footprint was not stored as a new version: \(outcome)")
                return
            }
            let deliveries = try await customer.waitForDeliveries(2, timeout: 20)
            #expect(deliveries.count == 2)
            let update = try #require(deliveries.last)
            #expect(update.path == "/footprintExchange/cx-own-1")
            #expect(update.query["update"] == "true")
            let value = update.document[pointer: "/productLifeCycleStagesAndEmissions/0/productionStage/0/pcfExcludingBiogenicUptake"]?.numberValue
            #expect(value.flatMap { ExactDecimal(parsing: $0.text) } == ExactDecimal(parsing: "1799.000000000000000007"))
            #expect(try Self.officialSchema().validate(update.document).filter { $0.severity == .error }.isEmpty)
            try await Task.sleep(for: .seconds(3))
            #expect(customer.deliveries.count == 2)
        }
    }

    @Test func aCatenaXSuppliersPUTAnswersTheRelayAfterItsDocumentIsValidated() async throws {
        try await withRelay { _, a, customer, supplier, client in
            let part = "urn:tsunagu:e2e:cx:part-1"
            #expect(try await Self.request(client, a, requestID: "cx-via-cx-1", part: part).status == 200)
            let exchanges = try await supplier.waitForExchanges(1, timeout: 20)
            let exchange = try #require(exchanges.first)
            #expect(exchange.query["manufacturerPartId"] == part)
            #expect(exchange.query["dataModelVersion"] == "9.0.0")
            #expect(exchange.invalidStatus == 422)
            #expect(exchange.validStatus == 200)

            let delivery = try #require(try await customer.waitForDeliveries(1, timeout: 20).first)
            #expect(delivery.path == "/footprintExchange/cx-via-cx-1")
            let value = delivery.document[pointer: "/productLifeCycleStagesAndEmissions/0/productionStage/0/pcfExcludingBiogenicUptake"]?.numberValue?.text
            #expect(value.flatMap { ExactDecimal(parsing: $0) } == ExactDecimal(parsing: "2.40600000000000000000017"))
            #expect(try Self.officialSchema().validate(delivery.document).filter { $0.severity == .error }.isEmpty)

            var changed = try Self.supplierDocument()
            _ = changed.set(try JSONParser().parse("2.5"), at: "/productLifeCycleStagesAndEmissions/0/productionStage/0/pcfExcludingBiogenicUptake")
            let late = try await Self.put(client, a, requestID: exchange.requestID, update: false, document: changed)
            #expect(late == 404)
        }
    }

    /// The supplier pushes a later version (`update=true`) for the request the gateway made on the
    /// customer's behalf: the gateway relays it on to the customer as an update, checked and
    /// rendered like the first answer, without asking the supplier again; the same push repeated
    /// is relayed once.
    @Test func aSuppliersUpdateOfARelayedFootprintReachesTheCustomerWithUpdateTrue() async throws {
        try await withRelay { _, a, customer, supplier, client in
            let part = "urn:tsunagu:e2e:cx:part-1"
            #expect(try await Self.request(client, a, requestID: "cx-update-1", part: part).status == 200)
            let exchange = try #require(try await supplier.waitForExchanges(1, timeout: 20).first)
            _ = try await customer.waitForDeliveries(1, timeout: 20)

            var revised = try Self.supplierDocument()
            let pointer: JSONPointer = "/productLifeCycleStagesAndEmissions/0/productionStage/0/pcfExcludingBiogenicUptake"
            _ = revised.set(try JSONParser().parse("2.39900000000000000000031"), at: pointer)
            #expect(try await Self.put(client, a, requestID: exchange.requestID, update: true, document: revised) == 200)
            let deliveries = try await customer.waitForDeliveries(2, timeout: 20)
            #expect(deliveries.count == 2)
            let update = try #require(deliveries.last)
            #expect(update.path == "/footprintExchange/cx-update-1")
            #expect(update.query["update"] == "true")
            let value = update.document[pointer: pointer]?.numberValue?.text
            #expect(value.flatMap { ExactDecimal(parsing: $0) } == ExactDecimal(parsing: "2.39900000000000000000031"))
            #expect(try Self.officialSchema().validate(update.document).filter { $0.severity == .error }.isEmpty)
            #expect(supplier.exchanges.count == 1, "the pushed document is relayed, the supplier is not asked again")

            #expect(try await Self.put(client, a, requestID: exchange.requestID, update: true, document: revised) == 200)
            #expect(try await Self.put(client, a, requestID: "not-a-request-of-ours", update: true, document: revised) == 200, "an update of nothing relayed is only recorded")
            // Recorded is written: the audit entry is the update's only trace, so it is in the
            // store when the 200 is sent, not only queued for the next flush.
            let recorded = try await a.gateway.store.auditEntries(tenant: nil, limit: 500)
            #expect(recorded.contains { $0.action == "catenax.update.received" && $0.subject == "not-a-request-of-ours" })

            // Another tenant registered the supplier with 7.0.0: a 9.0.0 update goes on where it
            // is valid only, and is not refused for the tenant whose version it is.
            _ = try await a.gateway.store.addTenant(named: "other", now: Date())
            try await a.gateway.store.addPartner(
                Partner(name: "cx-supplier-7", tenant: "other", ecosystem: .catenax, baseURL: supplier.baseURL, bpn: Self.supplierBPN, model: "catenax-pcf@7.0.0")
                    .stored(created: Date()))
            #expect(try await Self.put(client, a, requestID: "another-update", update: true, document: revised) == 200)
            let entries = try await a.gateway.store.auditEntries(tenant: nil, limit: 500).filter { $0.subject == "another-update" }
            #expect(entries.map(\.tenant) == ["demo"], "\(entries.map(\.tenant))")
            try await Task.sleep(for: .seconds(2))
            #expect(customer.deliveries.count == 2, "the same update is relayed once")
        }
    }

    /// The customer's own part number goes upstream as `customerPartId`, the manufacturer's as
    /// `manufacturerPartId` (PCF Exchange API 1.1.2): a supplier looks each up in its own column.
    @Test func customerAndManufacturerPartIdsGoUpstreamUnderTheirOwnNames() async throws {
        try await withRelay { _, a, _, supplier, client in
            let customerPart = "urn:tsunagu:e2e:cx:customer-part-4"
            #expect(try await Self.request(client, a, requestID: "cx-customer-part-1", part: customerPart, naming: "customerPartId").status == 200)
            let manufacturerPart = "urn:tsunagu:e2e:cx:part-5"
            let both = try await Self.request(
                client, a, requestID: "cx-both-parts-1", part: manufacturerPart, extra: "&customerPartId=\(customerPart.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
            #expect(both.status == 200)
            let exchanges = try await supplier.waitForExchanges(2, timeout: 20)
            let byCustomerPart = try #require(exchanges.first { $0.query["customerPartId"] == customerPart && $0.query["manufacturerPartId"] == nil })
            #expect(byCustomerPart.query["dataModelVersion"] == "9.0.0")
            #expect(exchanges.contains { $0.query["manufacturerPartId"] == manufacturerPart && $0.query["customerPartId"] == customerPart }, "\(exchanges.map(\.query))")
        }
    }

    /// The supplier's 200 for its answer was lost and it sends the same document again: the relay
    /// took that document from it, so it hears 200 again (and the customer gets one answer); another
    /// document under the same request id answers no open request.
    @Test func aSuppliersRepeatedAnswerIsAcknowledgedAgain() async throws {
        try await withRelay { _, a, customer, supplier, client in
            let part = "urn:tsunagu:e2e:cx:part-2"
            #expect(try await Self.request(client, a, requestID: "cx-repeat-1", part: part).status == 200)
            let exchange = try #require(try await supplier.waitForExchanges(1, timeout: 20).first)
            #expect(exchange.validStatus == 200)
            #expect(try await Self.put(client, a, requestID: exchange.requestID, update: false, document: try Self.supplierDocument()) == 200)

            var changed = try Self.supplierDocument()
            _ = changed.set(try JSONParser().parse("2.5"), at: "/productLifeCycleStagesAndEmissions/0/productionStage/0/pcfExcludingBiogenicUptake")
            #expect(try await Self.put(client, a, requestID: exchange.requestID, update: false, document: changed) == 404)

            _ = try await customer.waitForDeliveries(1, timeout: 20)
            #expect(try await Self.put(client, a, requestID: exchange.requestID, update: false, document: try Self.supplierDocument()) == 200)
            try await Task.sleep(for: .milliseconds(500))
            #expect(customer.deliveries.count == 1, "the repeated answer is not relayed again")
        }
    }

    /// What the gateway refuses a registered partner is in the tenant's audit trail: its invalid or
    /// unexpected answers and its refused requests, each with the BPN, the request id, the status
    /// and the message, however many problems the document had.
    @Test func aPartnersRefusedCallsAreAudited() async throws {
        try await withRelay { _, a, _, supplier, client in
            let part = "urn:tsunagu:e2e:cx:part-3"
            #expect(try await Self.request(client, a, requestID: "cx-audit-1", part: part).status == 200)
            let exchange = try #require(try await supplier.waitForExchanges(1, timeout: 20).first)
            #expect(exchange.invalidStatus == 422)
            #expect(try await Self.put(client, a, requestID: "no-such-request", update: false, document: try Self.supplierDocument()) == 404)
            #expect(try await Self.request(client, a, requestID: "cx-audit-1", part: "urn:tsunagu:e2e:cx:other-part").status == 400)
            #expect(try await Self.request(client, a, requestID: "cx-audit-2", part: "urn:tsunagu:demo:product:no-such-part").status == 404)

            var refusals: [AuditEntry] = []
            let deadline = Date().addingTimeInterval(10)
            while refusals.count < 4, Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                refusals = try await a.gateway.store.auditEntries(tenant: "demo", limit: 1000).filter { $0.action.hasSuffix(".refused") }
            }
            func refusal(_ action: String, _ subject: String) -> AuditEntry? {
                refusals.first { $0.action == action && $0.subject == subject }
            }
            func status(_ entry: AuditEntry?) -> String? { entry?.detail["status"]?.numberValue?.text }

            let invalid = refusal("catenax.delivery.refused", exchange.requestID)
            #expect(invalid?.actor == Self.supplierBPN)
            #expect(status(invalid) == "422")
            let problems = invalid?.detail["message"]?.stringValue ?? ""
            #expect(problems.contains("not a valid"), "\(problems)")
            #expect(problems.count <= 2000)
            #expect(status(refusal("catenax.delivery.refused", "no-such-request")) == "404")
            let reused = refusal("catenax.request.refused", "cx-audit-1")
            #expect(reused?.actor == Self.customerBPN)
            #expect(status(reused) == "400")
            #expect(status(refusal("catenax.request.refused", "cx-audit-2")) == "404")
            #expect(refusals.count == 4, "\(refusals.map { "\($0.action) \($0.subject)" })")
        }
    }

    @Test func aCatenaXCustomerLearnsWhyWhenTheUpstreamIsDownOrPolicyForbidsDistribution() async throws {
        try await withRelay { b, a, customer, _, client in
            let down = try await Self.request(client, a, requestID: "cx-down-1", part: "urn:tsunagu:e2e:down:part-9")
            #expect(down.status == 200)
            let downAnswer = try await Self.waitForRejection(client, a, requestID: "cx-down-1", part: "urn:tsunagu:e2e:down:part-9")
            #expect(downAnswer.status == 503)
            #expect(downAnswer.message.contains("supplier-down"))
            #expect(downAnswer.message.contains("to ask again, send a new requestId"), "a passing trouble, replayed for its request id, says how to ask again: \(downAnswer.message)")

            let kept = try await Self.request(client, a, requestID: "cx-kept-1", part: Self.keptProduct)
            #expect(kept.status == 200)
            let keptAnswer = try await Self.waitForRejection(client, a, requestID: "cx-kept-1", part: Self.keptProduct)
            #expect(keptAnswer.status == 403)
            #expect(keptAnswer.message.contains("distribute"))
            #expect(!keptAnswer.message.contains("send a new requestId"), "a refusal is not a passing trouble")

            // A footprint that exists only in PACT form is delivered too: the fields Catena-X 9.0.0
            // requires and PACT lacks are filled by the defaults the mapping states.
            let plain = "urn:tsunagu:demo:product:steel-coil-hr-2mm"
            #expect(try await Self.request(client, a, requestID: "cx-plain-1", part: plain).status == 200)
            let deadline = Date().addingTimeInterval(20)
            while customer.deliveries.isEmpty, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let delivered = try #require(customer.deliveries.first)
            #expect(delivered.path == "/footprintExchange/cx-plain-1")
            #expect(delivered.document[pointer: "/pcfAssessmentAndMethodology/0/pcfMethodology/0/massBalancingInformation/0/massBalancingUsed"] == .bool(false))

            let unknown = try await Self.request(client, a, requestID: "cx-unknown-1", part: "urn:tsunagu:demo:product:no-such-part")
            #expect(unknown.status == 404)
            let version = try await Self.request(client, a, requestID: "cx-v7", part: Self.relayedProduct, extra: "&dataModelVersion=6.0.0")
            #expect(version.status == 422)
            #expect(customer.deliveries.count == 1, "only the plain footprint was delivered")
        }
    }

    // MARK: Setup

    /// Starts supplier B (PACT, with the relayed footprints), the customer endpoint and gateway A
    /// (routing the e2e products to B, a down partner for `urn:tsunagu:e2e:down:`), runs `body`,
    /// and stops them all.
    func withRelay(
        configure: (inout GatewayConfiguration) -> Void = { _ in },
        _ body: (TestGateway, TestGateway, CatenaXCustomerEndpoint, CatenaXSupplierEndpoint, HTTPClient) async throws -> Void
    ) async throws {
        let b = try await TestGateway.start(policies: try Self.supplierPolicies())
        let customer = try await CatenaXCustomerEndpoint.start()
        let supplier = try await CatenaXSupplierEndpoint.start(document: try Self.supplierDocument())
        var a: TestGateway?
        var client: HTTPClient?
        do {
            try await Self.importSupplierFootprints(into: b)
            let dataA = try RepositoryPaths.temporaryDirectory("tsunagu-e2e-cx-a")
            try FileManager.default.createDirectory(atPath: dataA + "/routing", withIntermediateDirectories: true)
            try """
                fallback: store
                rules:
                  - productIdPrefix: "urn:tsunagu:e2e:product:"
                    from: partner:supplier-b
                  - productIdPrefix: "urn:tsunagu:e2e:down:"
                    from: partner:supplier-down
                  - productIdPrefix: "urn:tsunagu:e2e:cx:"
                    from: partner:cx-supplier
                """.write(toFile: dataA + "/routing/demo.yaml", atomically: true, encoding: .utf8)
            let started = try await TestGateway.start(
                dataDirectory: dataA, environment: ["SUPPLIER_B_SECRET": b.clientSecret, "TSUNAGU_CX_DATA_PLANE_KEY": Self.dataPlaneKey],
                trustRoots: b.certificatePath, policies: try Self.policies(), configure: configure
            )
            a = started
            let store = started.gateway.store
            let now = Date()
            try await store.addPartner(
                Partner(
                    name: "supplier-b", tenant: "demo", ecosystem: .pact, baseURL: b.baseURL, model: "pact@3.0.0",
                    outbound: OutboundCredentials(clientID: b.clientID, secretVariable: "SUPPLIER_B_SECRET")
                ).stored(created: now))
            try await store.addPartner(
                Partner(
                    name: "supplier-down", tenant: "demo", ecosystem: .pact, baseURL: "https://127.0.0.1:9", model: "pact@3.0.0",
                    outbound: OutboundCredentials(clientID: "nobody", secretVariable: "SUPPLIER_B_SECRET")
                ).stored(created: now))
            try await store.addPartner(
                Partner(name: "cx-customer", tenant: "demo", ecosystem: .catenax, baseURL: customer.baseURL, bpn: Self.customerBPN, model: "catenax-pcf@9.0.0")
                    .stored(created: now))
            try await store.addPartner(
                Partner(name: "cx-supplier", tenant: "demo", ecosystem: .catenax, baseURL: supplier.baseURL, bpn: Self.supplierBPN, model: "catenax-pcf@9.0.0")
                    .stored(created: now))
            let http = started.makeClient()
            client = http
            supplier.answer(to: started.baseURL, client: http, headers: ["Edc-Bpn": Self.supplierBPN, "X-Data-Plane-Key": Self.dataPlaneKey])
            try await body(b, started, customer, supplier, http)
        } catch {
            try? await client?.shutdown()
            await a?.stop()
            await customer.stop()
            await supplier.stop()
            await b.stop()
            throw error
        }
        try await client?.shutdown()
        await a?.stop()
        await customer.stop()
        await supplier.stop()
        await b.stop()
    }

    /// B's footprints that A relays: PACT v3 footprints that came from Catena-X before (the
    /// official 9.0.0 example through the catenax9 → pact3 mapping), since Catena-X 9.0.0 requires
    /// fields (mass balancing, waste incineration allocation) that only such a footprint carries;
    /// under new ids and product ids, with more digits than a `Double` holds.
    static func importSupplierFootprints(into b: TestGateway) async throws {
        for (id, product) in [(relayedFootprint, relayedProduct), (keptFootprint, keptProduct)] {
            let document = try footprint(gateway: b, id: id, product: product, pcfExcludingBiogenicUptake: "1234.567890123456789012")
            try await importFootprint(document, into: b)
        }
    }

    /// A PACT v3 footprint made from the official Catena-X 9.0.0 example.
    static func footprint(gateway: TestGateway, id: String, product: String, pcfExcludingBiogenicUptake: String) throws -> JSONValue {
        let url = referenceFile("catenax/pcf-aspect/pcf-9.0.0-example.json")
        let example = try JSONParser().parse(try Data(contentsOf: url))
        var document = try gateway.gateway.rules.snapshot.catalog.translate(example, from: .catenaX9, to: .pact3).document
        _ = document.set(.string(id), at: "/id")
        _ = document.set([.string(product)], at: "/productIds")
        _ = document.set(.string(pcfExcludingBiogenicUptake), at: "/pcf/pcfExcludingBiogenicUptake")
        return document
    }

    static func importFootprint(_ document: JSONValue, into gateway: TestGateway) async throws {
        let outcome = await FootprintImporter(store: gateway.gateway.store, rules: gateway.gateway.rules).importDocument(document, tenant: "demo")
        if case .failure(let error) = outcome { throw TestGatewayError("footprint refused: \(error.diagnostics)") }
    }

    /// B's policies: its PACT clients may use its footprints, which it made from a Catena-X
    /// document, and so receive them in another ecosystem (a distribution).
    static func supplierPolicies() throws -> String {
        let folder = try RepositoryPaths.temporaryDirectory("tsunagu-cx-supplier-policies")
        let clients: JSONValue = [
            "@context": ["http://www.w3.org/ns/odrl.jsonld", ["tsunagu": "urn:tsunagu:policy:"]], "@type": "Set", "@id": "demo-pact-clients",
            "tsunagu:assignTo": ["tenant": "demo"],
            "permission": [["action": "use"], ["action": "distribute", "constraint": ["leftOperand": "tsunagu:Ecosystem", "operator": "eq", "rightOperand": "pact"]]],
        ]
        try JSONWriter(pretty: true).string(clients).write(toFile: folder + "/clients.json", atomically: true, encoding: .utf8)
        return folder
    }

    /// A's policies: the customer may use and receive relayed footprints of tenant demo, except
    /// the kept product, whose owner prohibits distribution.
    static func policies() throws -> String {
        let folder = try RepositoryPaths.temporaryDirectory("tsunagu-cx-policies")
        let context: JSONValue = ["http://www.w3.org/ns/odrl.jsonld", ["tsunagu": "urn:tsunagu:policy:"]]
        let customer: JSONValue = ["leftOperand": "BusinessPartnerNumber", "operator": "eq", "rightOperand": .string(customerBPN)]
        let relay: JSONValue = [
            "@context": context, "@type": "Set", "@id": "demo-catenax-relay", "tsunagu:assignTo": ["tenant": "demo"],
            "permission": [["action": "use", "constraint": customer], ["action": "distribute", "constraint": customer]],
        ]
        let kept: JSONValue = [
            "@context": context, "@type": "Set", "@id": "demo-kept-home", "tsunagu:assignTo": ["tenant": "demo", "productIds": [.string(keptProduct)]],
            "permission": [["action": "use", "constraint": customer]],
            "prohibition": [["action": "distribute", "constraint": customer]],
        ]
        try JSONWriter(pretty: true).string(relay).write(toFile: folder + "/relay.json", atomically: true, encoding: .utf8)
        try JSONWriter(pretty: true).string(kept).write(toFile: folder + "/kept.json", atomically: true, encoding: .utf8)
        return folder
    }

    /// A file of the official reference material: beside the repository (CI), or beside the
    /// folder of worktrees when the repository is a worktree one level further down.
    static func referenceFile(_ path: String) -> URL {
        let beside = RepositoryPaths.reference.appendingPathComponent(path)
        guard !FileManager.default.fileExists(atPath: beside.path) else { return beside }
        return RepositoryPaths.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference").appendingPathComponent(path)
    }

    static func officialSchema() throws -> JSONSchema {
        let url = referenceFile("catenax/pcf-aspect/pcf-9.0.0-schema.json")
        return try JSONSchema(try JSONParser().parse(try Data(contentsOf: url)))
    }

    /// What the Catena-X supplier sends: the official 9.0.0 example with a long decimal.
    static func supplierDocument() throws -> JSONValue {
        var document = try JSONParser().parse(try Data(contentsOf: referenceFile("catenax/pcf-aspect/pcf-9.0.0-example.json")))
        _ = document.set(try JSONParser().parse("2.40600000000000000000017"), at: "/productLifeCycleStagesAndEmissions/0/productionStage/0/pcfExcludingBiogenicUptake")
        return document
    }

    // MARK: Calls

    /// `PUT /footprintExchange/{requestId}` from the supplier through the trusted data plane hop.
    static func put(_ client: HTTPClient, _ a: TestGateway, requestID: String, update: Bool, document: JSONValue) async throws -> Int {
        var request = HTTPClientRequest(url: "\(a.baseURL)/footprintExchange/\(requestID)?update=\(update)")
        request.method = .PUT
        request.headers.add(name: "Edc-Bpn", value: supplierBPN)
        request.headers.add(name: "X-Data-Plane-Key", value: dataPlaneKey)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(Array(JSONWriter().string(document).utf8))
        let response = try await client.execute(request, timeout: .seconds(120))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    /// `GET /footprintExchange/{requestId}` through the trusted data plane hop, naming the part by `parameter`.
    static func request(
        _ client: HTTPClient, _ a: TestGateway, requestID: String, part: String, naming parameter: String = "manufacturerPartId", extra: String = ""
    ) async throws -> (status: Int, message: String) {
        let encoded = part.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? part
        var request = HTTPClientRequest(url: "\(a.baseURL)/footprintExchange/\(requestID)?\(parameter)=\(encoded)\(extra)")
        request.headers.add(name: "Edc-Bpn", value: customerBPN)
        request.headers.add(name: "X-Data-Plane-Key", value: dataPlaneKey)
        let response = try await client.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 1 << 20)
        let message = (try? JSONParser().parse(body.readableBytesView))?["message"]?.stringValue ?? ""
        return (Int(response.status.code), message)
    }

    /// Repeats the request until it is no longer answered 200 (the relay ended with a rejection).
    /// A refused connection costs an attempt the HTTP client's connect timeout (5 s), and the
    /// relay makes 4 attempts, so the wait is longer than that.
    static func waitForRejection(_ client: HTTPClient, _ a: TestGateway, requestID: String, part: String) async throws -> (status: Int, message: String) {
        let deadline = Date().addingTimeInterval(45)
        while Date() < deadline {
            let answer = try await request(client, a, requestID: requestID, part: part)
            if answer.status != 200 { return answer }
            try await Task.sleep(for: .milliseconds(100))
        }
        return (200, "still accepted after 45 s")
    }
}
