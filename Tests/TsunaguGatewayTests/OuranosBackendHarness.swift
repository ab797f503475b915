import AsyncHTTPClient
import Crypto
import Foundation
import Hummingbird
import Logging
import Synchronization
import TsunaguCore
import TsunaguEcosystems
import TsunaguGateway
import TsunaguRelay
import TsunaguStore

/// The gateway's Ouranos side without the rest of the gateway: a real SQLite store, a relay
/// worker answering from the tenant's store (which has no footprints, so every trade ends
/// rejected), and ``OuranosGatewayBackend`` behind the Ouranos routes on a loopback listener.
/// The worker reads relay requests through a ``RelayReadCountingStore``.
struct OuranosBackendHarness {
    static let tenant = "acme"
    static let apiKey = "harness-api-key"
    static let account = "buyer-gamma"
    static let password = "gamma-password"
    static let supplierNumber = "2180001099871"
    static let buyerNumber = CorporateNumber("\(CorporateNumber.checkDigit(forBody: "234567890123") ?? 0)234567890123")!

    let folder: String
    let store: SQLiteStore
    let counting: RelayReadCountingStore
    let worker: RelayWorker
    let backend: OuranosGatewayBackend

    /// Creates the store, the buyer's account and partner, the worker (taking at most
    /// `maximumInFlight` requests at once) and the backend.
    static func make(maximumInFlight: Int = 10_000) async throws -> OuranosBackendHarness {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-ouranos-backend-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder + "/tsunagu.sqlite")
        _ = try await store.addTenant(named: tenant, now: Date())
        try await store.addClient(APIClient(clientID: account, tenant: tenant, secretHash: try SecretHasher.hash(password), callback: nil, created: Date()))
        let partner = try Partner(
            name: "gamma", tenant: tenant, ecosystem: .ouranos, baseURL: "https://buyer.invalid", corporateNumber: buyerNumber.digits,
            model: "ouranos-cfp@3.0.0", inboundClientID: account
        )
        try await store.addPartner(partner.stored(created: Date()))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let rules = try GatewayRules.load(mappings: root.appendingPathComponent("Mappings").path, policies: try PermissivePolicies.write(in: folder))
        var logger = Logger(label: "ouranos-backend-harness")
        logger.logLevel = .critical
        let counting = RelayReadCountingStore(store)
        let worker = RelayWorker(
            RelayWorker.Dependencies(
                store: counting, rules: rules, routing: RelayRouting([tenant: RoutingRules(rules: [], fallback: .tenantStore)]),
                fetchers: [:], channels: [.ouranos: OuranosAnswerChannel()], audit: AuditTrail(store: store, logger: logger), delivery: nil
            ),
            maximumInFlight: maximumInFlight, logger: logger
        )
        var settings = OuranosSettings()
        settings.operators = [tenant: OuranosTenantOperator(corporateNumber: supplierNumber, name: "Acme K.K.")]
        let key = P256.Signing.PrivateKey()
        let backend = OuranosGatewayBackend(
            store: store, settings: settings, accessTokens: TokenIssuer(key: key, issuer: "https://harness.invalid/ouranos"),
            refreshTokens: TokenIssuer(key: key, issuer: "https://harness.invalid/ouranos/refresh"), worker: worker, rules: rules,
            environment: [settings.apiKeyVariable: apiKey], deadline: 60, logger: logger
        )
        return OuranosBackendHarness(folder: folder, store: store, counting: counting, worker: worker, backend: backend)
    }

    /// Serves the backend on loopback while `body` runs with a client of it.
    func serve(_ body: (OuranosClient) async throws -> Void) async throws {
        let router = Router()
        OuranosHostRoutes(backend: backend).register(on: router)
        try await LoopbackRouter.serve(router) { baseURL in
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                try await body(OuranosClient(httpClient: http, baseURL: baseURL, apiKey: Self.apiKey))
            } catch {
                try? await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }

    /// A logged-in buyer with one registered child part to ask about.
    struct Buyer {
        let accessToken: String
        let me: OuranosOperator
        let supplier: OuranosOperator
        let traceID: String
    }

    /// Logs the buyer in and registers its part.
    func buyer(_ client: OuranosClient) async throws -> Buyer {
        let tokens = try await client.login(accountID: Self.account, password: Self.password)
        let me = try await client.currentOperator(accessToken: tokens.accessToken)
        let supplier = try await client.operatorInfo(corporateNumber: CorporateNumber(Self.supplierNumber)!, accessToken: tokens.accessToken)
        let plant = "0cc8b4be-c727-4411-b478-2c874fbc6c25"
        let structure = OuranosPartsStructure(
            parent: OuranosPart(operatorID: me.operatorID, plantID: plant, partsName: "Drive unit", supportPartsName: nil, amountRequired: nil, amountRequiredUnit: nil),
            children: [OuranosPart(operatorID: me.operatorID, plantID: plant, partsName: "urn:tsunagu:test:no-such-product", supportPartsName: nil, amountRequired: nil, amountRequiredUnit: nil)]
        )
        let parts = try await client.putPartsStructure(structure, accessToken: tokens.accessToken)
        guard let traceID = parts.children.first?.traceID else { throw CancellationError() }
        return Buyer(accessToken: tokens.accessToken, me: me, supplier: supplier, traceID: traceID)
    }

    /// A trade request of `buyer` about its part.
    func tradeRequest(of buyer: Buyer) -> OuranosTradeRequest {
        OuranosTradeRequest(
            downstreamOperatorID: buyer.me.operatorID, upstreamOperatorID: buyer.supplier.operatorID, downstreamTraceID: buyer.traceID,
            message: nil, responseDueDate: "2026-12-31"
        )
    }
}
