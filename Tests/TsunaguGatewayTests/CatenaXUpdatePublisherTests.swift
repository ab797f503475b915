import Foundation
import Logging
import Testing
import TsunaguCore
import TsunaguMapping
import TsunaguRelay
import TsunaguStore
@testable import TsunaguGateway

/// The Catena-X update publisher over a real SQLite store and a real relay worker serving the
/// tenant's own footprints; delivered requests are recorded step by step through the relay's
/// state machine, so a test decides what happens between a request's fetch and its finish.
@Suite struct CatenaXUpdatePublisherTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let product = "urn:tsunagu:test:product:housing"
    static let buyer = "BPNL00000003CRHK"
    static let otherBuyer = "BPNL00000003AYRE"

    struct Harness {
        let store: SQLiteStore
        let worker: RelayWorker
        let publisher: CatenaXUpdatePublisher
    }

    func harness(followedLimit: Int = 10_000, maximumPerRequester: Int = 1_000) async throws -> Harness {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-cx-updates-\(UUID().uuidString)").path
        let policies = try PermissivePolicies.write(in: folder)
        let store = try SQLiteStore(path: folder + "/tsunagu.sqlite")
        _ = try await store.addTenant(named: "acme", now: Date())
        for (name, bpn) in [("buyer", Self.buyer), ("other-buyer", Self.otherBuyer)] {
            try await store.addPartner(try Partner(name: name, tenant: "acme", ecosystem: .catenax, baseURL: "https://\(name).example", bpn: bpn, model: "catenax-pcf@9.0.0").stored(created: Date()))
        }
        let rules = try GatewayRules.load(mappings: Self.root.appendingPathComponent("Mappings").path, policies: policies)
        var logger = Logger(label: "cx-update-publisher-test")
        logger.logLevel = .critical
        let worker = RelayWorker(
            RelayWorker.Dependencies(
                store: store, rules: rules, routing: RelayRouting(["acme": RoutingRules(rules: [], fallback: .tenantStore)]),
                fetchers: [:], channels: [.catenaX: CatenaXAnswerChannel()], audit: AuditTrail(store: store, logger: logger), delivery: nil
            ),
            maximumPerRequester: maximumPerRequester, logger: logger
        )
        return Harness(store: store, worker: worker, publisher: CatenaXUpdatePublisher(store: store, worker: worker, deadline: 60, followedLimit: followedLimit, logger: logger))
    }

    func footprint(_ id: String, total: String, preceding: [String] = []) throws -> ProductFootprint {
        var document = try JSONParser().parse(try Data(contentsOf: Self.root.appendingPathComponent("Demo/footprints/01-steel-coil-jp.json")))
        document.set(.string(id), at: "/id")
        document.set([.string(Self.product)], at: "/productIds")
        document.set(.number(try #require(JSONNumber(text: total))), at: "/pcf/pcfExcludingBiogenicUptake")
        if !preceding.isEmpty { document.set(.array(preceding.map(JSONValue.string)), at: "/precedingPfIds") }
        return try ProductFootprint(document: document)
    }

    /// A Catena-X request for the product, recorded as the worker records its steps, up to its
    /// fetch of the tenant's newest footprint.
    func fetchedRequest(_ id: String, by requester: String, in store: SQLiteStore) async throws -> (request: RelayRequest, version: Int64) {
        var request = RelayRequest(
            id: id, tenant: "acme",
            requester: RelayRequester(protocol: .catenaX, identity: requester, model: .pact3, replyAddress: .catenaXExchange(endpoint: "https://\(requester).example/pcf", requestID: id)),
            query: ProductQuery(productIDs: [Self.product]), received: Date(), deadline: Date().addingTimeInterval(60),
            retryPolicy: RetryPolicy(maxAttempts: 2, attemptTimeout: 5, initialBackoff: 0.05, jitter: 0)
        )
        var version = try await store.insert(request)
        var previous = request.state
        _ = try request.authorised(now: Date())
        version = try #require(try await store.record(request, from: previous, version: version))
        previous = request.state
        _ = try request.routed(to: .tenantStore, now: Date())
        version = try #require(try await store.record(request, from: previous, version: version))
        guard case .document(let fetched) = await TenantStoreSource(store: store).fetch(request.query, tenant: "acme") else {
            throw CancellationError()
        }
        previous = request.state
        _ = try request.fetched(fetched, now: Date())
        version = try #require(try await store.record(request, from: previous, version: version))
        return (request, version)
    }

    /// Finishes a fetched request: translated, permitted and rendered as fetched, and delivered.
    func deliver(_ fetched: (request: RelayRequest, version: Int64), in store: SQLiteStore) async throws {
        var (request, version) = fetched
        guard case .translating(_, let document) = request.state else { throw CancellationError() }
        for step in 0..<3 {
            let previous = request.state
            switch step {
            case 0: _ = try request.translated(document, mapping: nil, now: Date())
            case 1: _ = try request.policyPermitted(document, decision: PolicyDecisionReference(policyID: "t", explanation: "permitted"), now: Date())
            default: _ = try request.rendered(document, mapping: nil, now: Date())
            }
            version = try #require(try await store.record(request, from: previous, version: version))
        }
    }

    @Test func aVersionStoredWhileARequestWasUnderWayIsPushedOnceTheRequestIsDelivered() async throws {
        let harness = try await harness()
        let first = "9a1e2b3c-0000-4000-8000-0000000000a1"
        _ = try await harness.store.importFootprint(try footprint(first, total: "1.5"), tenant: "acme", now: Date())
        #expect(await harness.publisher.publish() == 0)

        let underWay = try await fetchedRequest("request-1", by: Self.buyer, in: harness.store)
        let second = try await harness.store.importFootprint(try footprint(first, total: "2.5"), tenant: "acme", now: Date())
        guard case .superseded(_, let secondID) = second else { Issue.record("the change was imported as \(second)"); return }
        #expect(await harness.publisher.publish() == 0)
        try await deliver(underWay, in: harness.store)

        #expect(await harness.publisher.publish() == 1)
        let update = try await harness.store.relayRequest(id: CatenaXUpdatePublisher.updateID(delivered: "request-1", footprint: secondID))
        #expect(update != nil)
        #expect(await harness.publisher.publish() == 0)
        // Another delivery makes the publisher look again: the version already relayed is not
        // submitted again (each look used to submit it anew, to be refused as a conflict).
        try await deliver(try await fetchedRequest("request-2", by: Self.otherBuyer, in: harness.store), in: harness.store)
        #expect(await harness.publisher.publish() == 0)
        #expect(await harness.publisher.publish() == 0)
        #expect(await harness.publisher.updatesAttempted == 1)
    }

    /// A requester without room for an update does not stop the look: the other subjects are
    /// tried, and its update is tried again at the next look.
    @Test func anUpdateARequesterHasNoRoomForIsTriedAgainWithoutStoppingTheOthers() async throws {
        let harness = try await harness(maximumPerRequester: 0)
        let first = "9a1e2b3c-0000-4000-8000-0000000000c1"
        _ = try await harness.store.importFootprint(try footprint(first, total: "1.5"), tenant: "acme", now: Date())
        try await deliver(try await fetchedRequest("request-1", by: Self.buyer, in: harness.store), in: harness.store)
        try await deliver(try await fetchedRequest("request-2", by: Self.otherBuyer, in: harness.store), in: harness.store)
        _ = try await harness.store.importFootprint(try footprint(first, total: "2.5"), tenant: "acme", now: Date())
        #expect(await harness.publisher.publish() == 0)
        #expect(await harness.publisher.updatesAttempted == 2, "both subjects were tried")
        #expect(await harness.publisher.publish() == 0)
        #expect(await harness.publisher.updatesAttempted == 4, "and tried again at the next look")
    }

    @Test func theVersionARequestCarriedIsNotPushedAgainWhateverItsStoreTime() async throws {
        let harness = try await harness()
        // Stored with a time later than the delivery's, as a clock set back afterwards makes it.
        let ahead = Date().addingTimeInterval(3600)
        _ = try await harness.store.importFootprint(try footprint("9a1e2b3c-0000-4000-8000-0000000000b1", total: "1.5"), tenant: "acme", now: ahead)
        try await deliver(try await fetchedRequest("request-1", by: Self.buyer, in: harness.store), in: harness.store)
        #expect(await harness.publisher.publish() == 0)
    }

    @Test func onlyTheNewestDeliveredRequestOfARequesterForAProductIsKeptAndUpdated() async throws {
        let harness = try await harness()
        let first = "9a1e2b3c-0000-4000-8000-0000000000c1"
        _ = try await harness.store.importFootprint(try footprint(first, total: "1.5"), tenant: "acme", now: Date())
        for (id, requester) in [("request-1", Self.buyer), ("request-2", Self.buyer), ("request-3", Self.otherBuyer)] {
            try await deliver(try await fetchedRequest(id, by: requester, in: harness.store), in: harness.store)
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await harness.publisher.publish() == 0)
        #expect(await harness.publisher.delivered["acme"]?.count == 2)

        let second = try await harness.store.importFootprint(try footprint(first, total: "2.5"), tenant: "acme", now: Date())
        guard case .superseded(_, let secondID) = second else { Issue.record("the change was imported as \(second)"); return }
        #expect(await harness.publisher.publish() == 2)
        for (id, updated) in [("request-1", false), ("request-2", true), ("request-3", true)] {
            let update = try await harness.store.relayRequest(id: CatenaXUpdatePublisher.updateID(delivered: id, footprint: secondID))
            #expect((update != nil) == updated, "\(id)")
        }
    }

    /// A partner naming a new part in every request adds a subject each time: past the limit,
    /// the subjects answered longest ago are forgotten, so memory stays bounded.
    @Test func theSubjectsFollowedAreBounded() async throws {
        let harness = try await harness(followedLimit: 2)
        _ = try await harness.store.importFootprint(try footprint("9a1e2b3c-0000-4000-8000-0000000000d1", total: "1.5"), tenant: "acme", now: Date())
        for (id, requester) in [("request-1", Self.buyer), ("request-2", Self.otherBuyer), ("request-3", "BPNL00000003THRD")] {
            try await deliver(try await fetchedRequest(id, by: requester, in: harness.store), in: harness.store)
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await harness.publisher.publish() == 0)
        let followed = await harness.publisher.delivered["acme"]?.values.map(\.id).sorted()
        #expect(followed == ["request-2", "request-3"], "the oldest subject is forgotten")
    }
}
