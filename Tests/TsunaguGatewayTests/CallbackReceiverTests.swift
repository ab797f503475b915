import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Synchronization
import Testing
import TsunaguCore
@testable import TsunaguGateway
import TsunaguStore

/// Which requester receives a queued answer, and with which token, at a real requester on loopback.
@Suite struct CallbackReceiverTests {
    /// A requester's token endpoint and events endpoint on loopback: each token it issues
    /// replaces the last, and an event with any other token is refused with `refusal`.
    final class RotatingRequester: Sendable {
        let refusal: HTTPResponse.Status
        /// Where its token endpoint is; one elsewhere than `/auth/token` is found by OpenID discovery.
        let tokenPath: String
        let issued = Mutex(0)
        let accepted = Mutex<[String]>([])
        let refusedCount = Mutex(0)
        /// The base URL it is served at, for the discovery document.
        let base = Mutex("")

        init(refusal: HTTPResponse.Status, tokenPath: String = "/auth/token") {
            self.refusal = refusal
            self.tokenPath = tokenPath
        }

        var router: Router<BasicRequestContext> {
            let router = Router()
            if tokenPath != "/auth/token" {
                router.get("/.well-known/openid-configuration") { _, _ in
                    let endpoint = self.base.withLock { $0 } + self.tokenPath
                    return Response(
                        status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(string: #"{"issuer":"\#(self.base.withLock { $0 })","token_endpoint":"\#(endpoint)"}"#)))
                }
            }
            router.post(RouterPath(tokenPath)) { _, _ in
                let number = self.issued.withLock { count in
                    count += 1
                    return count
                }
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"access_token":"token-\#(number)","token_type":"bearer","expires_in":3600}"#)))
            }
            router.post("/3/events") { request, _ -> Response in
                let current = "Bearer token-\(self.issued.withLock { $0 })"
                guard request.headers[.authorization] == current else {
                    self.refusedCount.withLock { $0 += 1 }
                    return Response(status: self.refusal)
                }
                self.accepted.withLock { $0.append(current) }
                return Response(status: .ok)
            }
            return router
        }
    }

    /// A requester that rotated its keys refuses the token the gateway kept. PACT's error tables
    /// give 403 `AccessDenied` for a token a host cannot accept (and some hosts answer 400): the
    /// gateway fetches a fresh token and sends the answer again, where it used to give it up.
    @Test(arguments: [HTTPResponse.Status.forbidden, .badRequest, .unauthorized])
    func aRefusedTokenIsReplacedAndTheAnswerSent(refusal: HTTPResponse.Status) async throws {
        let requester = RotatingRequester(refusal: refusal)
        try await withOutbox(to: requester, clientTenant: "acme") { outbox, store in
            try await store.enqueue([NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: CallbackOutbox.kind(for: .v3), body: #"{"n":1}"#)])
            await outbox.deliverDueMessages()
            #expect(requester.accepted.withLock { $0 } == ["Bearer token-1"])
            // The requester rotates its keys: the token the gateway keeps is no longer accepted.
            requester.issued.withLock { $0 += 1 }
            try await store.enqueue([NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: CallbackOutbox.kind(for: .v3), body: #"{"n":2}"#)])
            await outbox.deliverDueMessages()
            #expect(requester.refusedCount.withLock { $0 } == 1, "the kept token is refused once")
            #expect(requester.accepted.withLock { $0 } == ["Bearer token-1", "Bearer token-3"], "sent again with a fresh token")
            #expect(try await store.pendingMessageCount() == 0)
        }
    }

    /// Answers due together for one requester share one token: the gateway asks its token
    /// endpoint once, not once per answer (a requester that limits token requests would refuse).
    @Test func answersDueTogetherShareOneTokenRequest() async throws {
        let requester = RotatingRequester(refusal: .unauthorized)
        try await withOutbox(to: requester, clientTenant: "acme") { outbox, store in
            try await store.enqueue((1...12).map { NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: CallbackOutbox.kind(for: .v3), body: #"{"n":\#($0)}"#) })
            await outbox.deliverDueMessages()
            let deadline = Date().addingTimeInterval(60)
            while try await store.pendingMessageCount() > 0, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(requester.accepted.withLock { $0 }.count == 12)
            #expect(requester.issued.withLock { $0 } == 1, "one token request for the twelve answers")
        }
    }

    /// PACT's authentication flow reads the token endpoint from the requester's OpenID
    /// configuration first: a requester whose endpoint is not `/auth/token` is still answered.
    @Test func theTokenEndpointIsFoundByOpenIDDiscovery() async throws {
        let requester = RotatingRequester(refusal: .unauthorized, tokenPath: "/oauth2/token")
        try await withOutbox(to: requester, clientTenant: "acme") { outbox, store in
            try await store.enqueue([NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: CallbackOutbox.kind(for: .v3), body: #"{"n":1}"#)])
            await outbox.deliverDueMessages()
            #expect(requester.accepted.withLock { $0 } == ["Bearer token-1"], "answered with a token from the discovered endpoint")
            #expect(try await store.pendingMessageCount() == 0)
        }
    }

    /// An answer carries its tenant's footprints: a client id registered again under another
    /// tenant (moved, or removed and added) does not receive it.
    @Test func anAnswerIsNotSentToTheClientIdOfAnotherTenant() async throws {
        let requester = RotatingRequester(refusal: .unauthorized)
        try await withOutbox(to: requester, clientTenant: "other") { outbox, store in
            try await store.enqueue([NewOutboxMessage(tenant: "acme", clientID: "buyer", kind: CallbackOutbox.kind(for: .v3), body: #"{"n":1}"#)])
            await outbox.deliverDueMessages()
            #expect(requester.accepted.withLock { $0 }.isEmpty, "nothing reached the other tenant's client")
            #expect(requester.issued.withLock { $0 } == 0, "not even a token was asked for")
            let message = try #require(try await store.message(id: 1))
            #expect(message.state == .abandoned)
            #expect(message.lastError?.contains("under tenant 'acme'") == true, "\(message.lastError ?? "")")
        }
    }

    /// Runs `body` with an outbox over a real store whose client `buyer` (of `clientTenant`) has
    /// its callback at `requester`, served on loopback.
    private func withOutbox(
        to requester: RotatingRequester, clientTenant: String, _ body: (CallbackOutbox, SQLiteStore) async throws -> Void
    ) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-callback-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        _ = try await store.addTenant(named: "other", now: Date())
        var logger = Logger(label: "callback-receiver-test")
        logger.logLevel = .critical
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await LoopbackRouter.serve(requester.router) { baseURL in
                requester.base.withLock { $0 = baseURL }
                try await store.addClient(APIClient(
                    clientID: "buyer", tenant: clientTenant, secretHash: "unused",
                    callback: CallbackRegistration(baseURL: baseURL, clientID: "gateway", secretEnvironmentVariable: "BUYER_SECRET"), created: Date()))
                try await body(CallbackOutbox(store: store, httpClient: client, logger: logger, environment: ["BUYER_SECRET": "s3cret"]), store)
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
