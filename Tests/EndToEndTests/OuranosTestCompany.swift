import AsyncHTTPClient
import Foundation
import Logging
import NIOSSL
import TsunaguCore
import TsunaguEcosystems
import TsunaguGateway
import TsunaguRelay
import TsunaguStore

/// A real Tsunagu gateway playing one Japanese company: demo mode (tenant `demo`, the demo
/// footprints) with the tenant's Ouranos operator configured, its own usage policies and,
/// optionally, a routing file.
final class OuranosTestCompany: LoopbackGateway {
    static let tenant = "demo"

    let baseURL: String
    let clientID: String
    let clientSecret: String
    let certificatePath: String
    let dataDirectory: String
    let gateway: Gateway
    let serverTask: Task<Void, any Error>

    private init(
        baseURL: String, clientID: String, clientSecret: String, certificatePath: String, dataDirectory: String, gateway: Gateway, task: Task<Void, any Error>
    ) {
        self.baseURL = baseURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.certificatePath = certificatePath
        self.dataDirectory = dataDirectory
        self.gateway = gateway
        self.serverTask = task
    }

    /// Starts a company's gateway.
    /// - Parameters:
    ///   - corporateNumber: the tenant's own operator.
    ///   - routing: the tenant's routing file (YAML), if any.
    ///   - footprints: extra footprints for the tenant's store.
    static func start(
        name: String, corporateNumber: CorporateNumber, environment: [String: String] = [:], trustRoots: String? = nil, policies: String,
        routing: String? = nil, footprints: [JSONValue] = [], relayDeadline: Double = 20, laterAnswerDeadline: Double? = nil,
        dataDirectory: String? = nil
    ) async throws -> OuranosTestCompany {
        var configuration = GatewayConfiguration()
        configuration.port = 0
        configuration.dataDirectory = try dataDirectory ?? RepositoryPaths.temporaryDirectory("tsunagu-ouranos-\(name)")
        configuration.mappingsDirectory = RepositoryPaths.mappings
        configuration.policiesDirectory = policies
        configuration.outboundTrustRootsFile = trustRoots
        configuration.relayDeadlineSeconds = relayDeadline
        if let laterAnswerDeadline { configuration.relayLaterAnswerDeadlineSeconds = laterAnswerDeadline }
        configuration.ouranos.operators = [tenant: OuranosTenantOperator(corporateNumber: corporateNumber.digits, name: name, address: "東京都千代田区1-1")]
        configuration.ouranos.pollIntervalSeconds = 0.1
        if let routing {
            try FileManager.default.createDirectory(atPath: configuration.routingPath, withIntermediateDirectories: true)
            try routing.write(toFile: configuration.routingPath + "/\(tenant).yaml", atomically: true, encoding: .utf8)
        }
        var logger = Logger(label: "tsunagu-ouranos-\(name)")
        logger.logLevel = .warning
        let gateway = try await Gateway.open(configuration: configuration, logger: logger)
        var variables = environment
        variables["TSUNAGU_DEMO_CLIENT_ID"] = "pact-requester"
        variables["TSUNAGU_DEMO_CLIENT_SECRET"] = "secret-\(UUID().uuidString)"
        let setup = DemoSetup(store: gateway.store, importer: FootprintImporter(store: gateway.store, rules: gateway.rules), environment: variables)
        let (credentials, _) = try await setup.prepare(footprintsDirectory: RepositoryPaths.demoFootprints)
        for document in footprints {
            _ = try await gateway.store.importFootprint(try ProductFootprint(document: document), tenant: tenant, now: Date())
        }
        // Each company's certificate gets its own subject: several self-signed certificates with one
        // subject in a trust file make the TLS library pick the wrong one.
        let tlsFolder = configuration.dataDirectory + "/tls"
        try FileManager.default.createDirectory(atPath: tlsFolder, withIntermediateDirectories: true)
        _ = try SelfSignedCertificate.loadOrCreate(
            certificatePath: tlsFolder + "/demo-cert.pem", keyPath: tlsFolder + "/demo-key.pem", hostNames: [], commonName: "Tsunagu test company \(name)"
        )
        let (tls, _) = try TLSMaterial.selfSigned(in: configuration.dataDirectory)
        let port = PortSignal()
        let task = Task { try await gateway.run(tls: tls, environment: variables) { await port.set($0) } }
        let bound = try await port.wait()
        return OuranosTestCompany(
            baseURL: "https://127.0.0.1:\(bound)", clientID: credentials.clientID, clientSecret: credentials.secret,
            certificatePath: tls.certificatePath, dataDirectory: configuration.dataDirectory, gateway: gateway, task: task
        )
    }

    /// Registers an Ouranos-side buyer: an API client (its login account) and the Ouranos partner that names it.
    func addBuyer(name: String, corporateNumber: CorporateNumber, account: String, password: String) async throws {
        let client = APIClient(clientID: account, tenant: Self.tenant, secretHash: try SecretHasher.hash(password), callback: nil, created: Date())
        try await gateway.store.addClient(client)
        let partner = try Partner(
            name: name, tenant: Self.tenant, ecosystem: .ouranos, baseURL: "https://buyer.invalid", corporateNumber: corporateNumber.digits,
            model: "ouranos-cfp@3.0.0", inboundClientID: account
        )
        try await gateway.store.addPartner(partner.stored(created: Date()))
    }

    /// Registers an Ouranos-side supplier the gateway asks with `account`, its password and API key in the named variables.
    func addSupplier(name: String, baseURL: String, corporateNumber: CorporateNumber, account: String, passwordVariable: String, apiKeyVariable: String) async throws {
        let partner = try Partner(
            name: name, tenant: Self.tenant, ecosystem: .ouranos, baseURL: baseURL, corporateNumber: corporateNumber.digits, model: "ouranos-cfp@3.0.0",
            outbound: OutboundCredentials(clientID: account, secretVariable: passwordVariable, apiKeyVariable: apiKeyVariable)
        )
        try await gateway.store.addPartner(partner.stored(created: Date()))
    }

}

/// Test companies' corporate numbers, with their check digits.
enum OuranosCompanies {
    static let apiKey = "ouranos-test-api-key"
    static let alpha = number(body: "180001099871")
    static let beta = number(body: "234567890124")
    static let gamma = number(body: "234567890123")

    static func number(body: String) -> CorporateNumber {
        CorporateNumber("\(CorporateNumber.checkDigit(forBody: body) ?? 0)\(body)") ?? CorporateNumber("2180001099871")!
    }

    /// A policy folder for tenant `demo`: `use` by anyone, with a usage notice when `notice` is
    /// given; `distribute` permitted, or prohibited.
    static func policies(distribute: Bool, notice: String? = nil) throws -> String {
        let folder = try RepositoryPaths.temporaryDirectory("tsunagu-ouranos-policies")
        var policy: JSONValue = [
            "@context": ["http://www.w3.org/ns/odrl.jsonld", ["tsunagu": "urn:tsunagu:policy:"]], "@type": "Set", "@id": "ouranos-e2e",
            "tsunagu:assignTo": ["tenant": "demo"],
            "permission": [["action": "use"], ["action": "distribute"]],
        ]
        if !distribute { policy.set([["action": "distribute"]], at: "/prohibition") }
        if let notice { policy.set([["action": "tsunagu:notice", "tsunagu:text": .string(notice)]], at: "/permission/0/duty") }
        try JSONWriter(pretty: true).string(policy).write(toFile: folder + "/ouranos-e2e.json", atomically: true, encoding: .utf8)
        return folder
    }

    /// A PACT v3 footprint of one kilogram of M8 bolts whose total is `total`.
    static func bolt(total: String) -> JSONValue {
        [
            "id": "7d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "specVersion": "3.0.0", "created": "2025-06-01T00:00:00Z", "status": "Active",
            "companyName": "Beta Fasteners K.K.", "companyIds": ["urn:tsunagu:test:company:beta"], "productDescription": "M8 bolts",
            "productIds": ["urn:tsunagu:test:ouranos:bolt-m8"], "productNameCompany": "Bolt M8",
            "pcf": [
                "declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1", "productMassPerDeclaredUnit": "1",
                "referencePeriodStart": "2024-01-01T00:00:00Z", "referencePeriodEnd": "2025-01-01T00:00:00Z",
                "pcfExcludingBiogenicUptake": .string(total), "pcfIncludingBiogenicUptake": .string(total), "fossilGhgEmissions": .string(total),
                "fossilCarbonContent": "0", "ipccCharacterizationFactors": ["AR6"], "crossSectoralStandards": ["ISO14067"], "exemptedEmissionsPercent": "0",
            ],
        ]
    }
}
