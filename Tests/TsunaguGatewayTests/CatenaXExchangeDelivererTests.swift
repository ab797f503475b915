import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Synchronization
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguRelay
import TsunaguStore
@testable import TsunaguGateway

/// The deliverer of Catena-X answers against a real loopback endpoint and a real store.
@Suite struct CatenaXExchangeDelivererTests {
    /// What the endpoint received: method, path with query, Authorization header, body.
    final class Received: Sendable {
        let calls = Mutex<[(path: String, authorization: String?, body: String)]>([])
    }

    /// Runs `body` with a real endpoint on loopback that answers `status`, after refusing the
    /// first `refusals` calls with 503, and records every call in the order they arrive.
    func withEndpoint(status: HTTPResponse.Status = .ok, refusals: Int = 0, _ body: (String, Received, any GatewayStore) async throws -> Void) async throws {
        let received = Received()
        let router = Router()
        for path in ["/pcf/footprintExchange/:id", "/pcf/productIds/:id"] {
            router.put(RouterPath(path)) { request, _ -> Response in
                let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
                let count = received.calls.withLock { calls in
                    calls.append((request.uri.description, request.headers[.authorization], text))
                    return calls.count
                }
                return Response(status: count <= refusals ? .serviceUnavailable : status)
            }
        }
        let bound = Mutex<Int?>(nil)
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: { channel in
            bound.withLock { $0 = channel.localAddress?.port }
        })
        let task = Task { try await application.runService() }
        var port: Int?
        for _ in 0..<500 where port == nil {
            try await Task.sleep(for: .milliseconds(10))
            port = bound.withLock { $0 }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cx-deliverer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder + "/t.sqlite")
        _ = try await store.addTenant(named: "acme", now: Date())
        let baseURL = "http://127.0.0.1:\(port ?? 0)/pcf"
        try await store.addPartner(
            Partner(
                name: "customer", tenant: "acme", ecosystem: .catenax, baseURL: baseURL, bpn: "BPNL00000003CUST", model: "catenax-pcf@9.0.0",
                outbound: OutboundCredentials(apiKeyVariable: "CUSTOMER_EDR")
            ).stored(created: Date()))
        do {
            try await body(baseURL, received, store)
        } catch {
            task.cancel()
            throw error
        }
        task.cancel()
    }

    /// The message as read back from the store: the body text only, no prepared form.
    func message(_ exchange: CatenaXExchangeMessage) -> NewOutboxMessage {
        let new = exchange.outboxMessage(tenant: "acme", bpn: "BPNL00000003CUST")
        return NewOutboxMessage(tenant: new.tenant, clientID: new.clientID, kind: new.kind, body: new.body, orderingKey: new.orderingKey)
    }

    @Test func putsTheDocumentWithItsExactNumbersAndTheRequestersToken() async throws {
        try await withEndpoint { baseURL, received, store in
            let deliverer = CatenaXExchangeDeliverer(store: store, httpClient: .shared, environment: ["CUSTOMER_EDR": "edr-abc"])
            let document = try JSONParser().parse(#"{"id": "f-1", "value": 0.10000000000000000001}"#)
            let answer = CatenaXExchangeMessage(address: CatenaXReplyAddress(endpoint: baseURL, requestID: "req 1", form: .footprintExchange), document: document, isUpdate: false, message: nil)
            try await deliverer.deliver(message(answer))
            let update = CatenaXExchangeMessage(address: CatenaXReplyAddress(endpoint: baseURL, requestID: "req-2", form: .productIDs(productID: "part-7")), document: document, isUpdate: true, message: "new version")
            try await deliverer.deliver(message(update))
            let calls = received.calls.withLock { $0 }
            #expect(calls.count == 2)
            #expect(calls.first?.path == "/pcf/footprintExchange/req%201?update=false")
            #expect(calls.first?.authorization == "edr-abc")
            #expect(calls.first?.body.contains("0.10000000000000000001") == true)
            #expect(calls.last?.path.hasPrefix("/pcf/productIds/part-7?") == true)
            // The deprecated form marks an update by leaving the requestId out (CX-0136 1.1.2).
            #expect(calls.last?.path.contains("requestId") == false, "\(calls.last?.path ?? "")")
            #expect(calls.last?.path.contains("message=new%20version") == true, "\(calls.last?.path ?? "")")
        }
    }

    /// A partner whose connector moved while an answer waited in the outbox gets it at the
    /// address registered now, with the credentials registered now: never the new secret at the
    /// address it left.
    @Test func aQueuedAnswerGoesToThePartnersCurrentAddress() async throws {
        try await withEndpoint { baseURL, received, store in
            let deliverer = CatenaXExchangeDeliverer(store: store, httpClient: .shared, environment: ["CUSTOMER_EDR": "edr-abc", "CUSTOMER_EDR_2": "edr-new"])
            let left = baseURL.replacingOccurrences(of: "127.0.0.1", with: "127.0.0.2").replacingOccurrences(of: "/pcf", with: "/old")
            let answer = CatenaXExchangeMessage(address: CatenaXReplyAddress(endpoint: left, requestID: "r-9", form: .footprintExchange), document: ["id": "x"], isUpdate: false, message: nil)
            try await store.updatePartner(
                Partner(
                    name: "customer", tenant: "acme", ecosystem: .catenax, baseURL: baseURL, bpn: "BPNL00000003CUST", model: "catenax-pcf@9.0.0",
                    outbound: OutboundCredentials(apiKeyVariable: "CUSTOMER_EDR_2")
                ).stored(created: Date()))
            try await deliverer.deliver(message(answer))
            let calls = received.calls.withLock { $0 }
            #expect(calls.map(\.path) == ["/pcf/footprintExchange/r-9?update=false"])
            #expect(calls.first?.authorization == "edr-new")
        }
    }

    @Test func aRefusalThrowsSoTheOutboxRetries() async throws {
        try await withEndpoint(status: .serviceUnavailable) { baseURL, _, store in
            let deliverer = CatenaXExchangeDeliverer(store: store, httpClient: .shared, environment: ["CUSTOMER_EDR": "edr-abc"])
            let answer = CatenaXExchangeMessage(address: CatenaXReplyAddress(endpoint: baseURL, requestID: "r", form: .footprintExchange), document: ["id": "x"], isUpdate: false, message: nil)
            await #expect(throws: (any Error).self) { try await deliverer.deliver(message(answer)) }
            let missing = CatenaXExchangeDeliverer(store: store, httpClient: .shared, environment: [:])
            await #expect(throws: (any Error).self) { try await missing.deliver(message(answer)) }
        }
    }

    /// A connector that refuses the PUT for good is not asked again for 72 hours: the refusal is
    /// permanent, an unavailable one is not.
    @Test func aRefusalForGoodIsPermanentAndAnOutageIsNot() async throws {
        for (status, permanent) in [(HTTPResponse.Status.unprocessableContent, true), (.notFound, true), (.serviceUnavailable, false), (.tooManyRequests, false)] {
            try await withEndpoint(status: status) { baseURL, _, store in
                let deliverer = CatenaXExchangeDeliverer(store: store, httpClient: .shared, environment: ["CUSTOMER_EDR": "edr-abc"])
                let answer = CatenaXExchangeMessage(address: CatenaXReplyAddress(endpoint: baseURL, requestID: "r", form: .footprintExchange), document: ["id": "x"], isUpdate: false, message: nil)
                await #expect { try await deliverer.deliver(message(answer)) } throws: { error in
                    (error as? DeliveryFailure)?.isPermanent == permanent
                }
            }
        }
    }

    /// An EDC data plane answers 403 once the connector's access token has expired, and 409 while
    /// the receiver is busy with the request: both pass once the token is renewed or the receiver
    /// is done, so the answer is tried again. A malformed call (400) or a request gone for good
    /// (410) is refused again, so it is given up.
    @Test func anExpiredConnectorTokenIsTriedAgainAndAMalformedCallIsNot() async throws {
        for (status, permanent) in [(HTTPResponse.Status.forbidden, false), (.conflict, false), (.badRequest, true), (.gone, true)] {
            try await withEndpoint(status: status) { baseURL, received, store in
                let deliverer = CatenaXExchangeDeliverer(store: store, httpClient: .shared, environment: ["CUSTOMER_EDR": "edr-abc"])
                let answer = CatenaXExchangeMessage(address: CatenaXReplyAddress(endpoint: baseURL, requestID: "r", form: .footprintExchange), document: ["id": "x"], isUpdate: false, message: nil)
                await #expect { try await deliverer.deliver(message(answer)) } throws: { error in
                    (error as? DeliveryFailure)?.isPermanent == permanent
                }
                #expect(received.calls.withLock { $0.count } == 1, "the endpoint answered \(status.code)")
            }
        }
    }

    @Test func aMessageJustEnqueuedIsSentFromItsPreparedFormAndItsBodyReadsBackTheSame() async throws {
        try await withEndpoint { baseURL, received, store in
            let deliverer = CatenaXExchangeDeliverer(store: store, httpClient: .shared, environment: ["CUSTOMER_EDR": "edr-abc"])
            let document = try JSONParser().parse(#"{"value": 1.50, "id": "f-2"}"#)
            let answer = CatenaXExchangeMessage(
                address: CatenaXReplyAddress(endpoint: baseURL, requestID: "r-3", form: .footprintExchange), document: document, isUpdate: false, message: "m"
            )
            let new = answer.outboxMessage(tenant: "acme", bpn: "BPNL00000003CUST")
            let whole: JSONValue = ["document": document, "endpoint": .string(baseURL), "requestId": "r-3", "update": false, "message": "m"]
            #expect(new.body == whole.jsonText, "the body is the sorted JSON object of the document and the address")
            #expect(CatenaXExchangeMessage(body: new.body) == answer)

            // Delivered right after enqueueing: the prepared form is sent, the body text is not read.
            let enqueued = OutboxMessage(
                id: 2, tenant: "acme", clientID: new.clientID, kind: new.kind, body: "not read", attempts: 0, notBefore: Date(), state: .pending,
                lastError: nil, created: Date(), prepared: new.prepared
            )
            try await deliverer.deliver(enqueued.content)
            #expect(received.calls.withLock { $0 }.map(\.body) == [#"{"id":"f-2","value":1.50}"#])
            #expect(enqueued == OutboxMessage(
                id: 2, tenant: "acme", clientID: new.clientID, kind: new.kind, body: "not read", attempts: 0, notBefore: enqueued.notBefore, state: .pending,
                lastError: nil, created: enqueued.created
            ), "the prepared form is not part of the message's identity")
        }
    }

    /// The first answer to a request is refused once and waits for its retry; an update of it
    /// enqueued meanwhile is due at once, yet arrives only after the answer.
    @Test func anUpdateWaitsForTheAnswerItUpdatesWhileThatIsRetried() async throws {
        try await withEndpoint(refusals: 1) { baseURL, received, store in
            var logger = Logger(label: "cx-ordering-test")
            logger.logLevel = .critical
            let deliverer = CatenaXExchangeDeliverer(store: store, httpClient: .shared, environment: ["CUSTOMER_EDR": "edr-abc"])
            let outbox = CallbackOutbox(store: store, httpClient: .shared, logger: logger, environment: [:], deliverers: [deliverer])
            let address = CatenaXReplyAddress(endpoint: baseURL, requestID: "req-1", form: .footprintExchange)
            let answer = CatenaXExchangeMessage(address: address, document: try JSONParser().parse(#"{"id": "f-1"}"#), isUpdate: false, message: nil)
            try await store.enqueue([message(answer)])
            await outbox.deliverDueMessages()
            #expect(received.calls.withLock { $0.count } == 1)

            let update = CatenaXExchangeMessage(address: address, document: try JSONParser().parse(#"{"id": "f-2"}"#), isUpdate: true, message: nil)
            try await store.enqueue([message(update)])
            let deadline = Date().addingTimeInterval(60)
            while received.calls.withLock({ $0.count }) < 3, Date() < deadline {
                await outbox.deliverDueMessages()
                try await Task.sleep(for: .milliseconds(50))
            }
            let arrived = received.calls.withLock { $0 }.map { $0.body.contains("f-2") ? "update" : "answer" }
            #expect(arrived == ["answer", "answer", "update"])
            #expect(try await store.pendingMessageCount() == 0)
        }
    }
}
