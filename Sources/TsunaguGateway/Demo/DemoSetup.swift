import Foundation
import Logging
import TsunaguCore
import TsunaguStore

/// Prepares demo mode: tenant `demo`, a demo PACT client, and the demo footprints.
///
/// The client's id and secret come from `TSUNAGU_DEMO_CLIENT_ID` / `TSUNAGU_DEMO_CLIENT_SECRET`
/// when set; otherwise a secret is generated at every start and printed once. When
/// `TSUNAGU_DEMO_CALLBACK_URL`, `TSUNAGU_DEMO_CALLBACK_CLIENT_ID` and
/// `TSUNAGU_DEMO_CALLBACK_SECRET` are set, the client's own API is registered for asynchronous
/// answers (the secret stays in the environment: only the variable's name is stored).
public struct DemoSetup: Sendable {
    /// The demo tenant's name.
    public static let tenant = "demo"
    /// The demo client id when none is given.
    public static let defaultClientID = "demo-client"

    /// The credentials the demo client uses.
    public struct Credentials: Sendable {
        /// The client id.
        public let clientID: String
        /// The secret.
        public let secret: String
        /// Whether the secret was generated now (and must be shown to the operator).
        public let generated: Bool
    }

    let store: any GatewayStore
    let importer: FootprintImporter
    let environment: [String: String]

    /// Creates the setup.
    public init(store: any GatewayStore, importer: FootprintImporter, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.store = store
        self.importer = importer
        self.environment = environment
    }

    /// Creates or updates the demo tenant, client and footprints.
    /// - Parameter footprintsDirectory: the folder of demo footprint files (`Demo/footprints`).
    public func prepare(footprintsDirectory: String) async throws -> (credentials: Credentials, report: ImportReport) {
        if try await store.tenant(named: Self.tenant) == nil {
            _ = try await store.addTenant(named: Self.tenant, now: Date())
        }
        let clientID = environment["TSUNAGU_DEMO_CLIENT_ID"] ?? Self.defaultClientID
        let given = environment["TSUNAGU_DEMO_CLIENT_SECRET"]
        let secret = given ?? SecretHasher.generateSecret()
        var callback: CallbackRegistration?
        if let url = environment["TSUNAGU_DEMO_CALLBACK_URL"], let callbackClient = environment["TSUNAGU_DEMO_CALLBACK_CLIENT_ID"],
            environment["TSUNAGU_DEMO_CALLBACK_SECRET"] != nil
        {
            callback = CallbackRegistration(baseURL: url, clientID: callbackClient, secretEnvironmentVariable: "TSUNAGU_DEMO_CALLBACK_SECRET")
        }
        let client = APIClient(clientID: clientID, tenant: Self.tenant, secretHash: try SecretHasher.hash(secret), callback: callback, created: Date())
        if try await store.client(id: clientID) == nil {
            try await store.addClient(client)
        } else {
            try await store.updateClient(client)
        }
        try await prepareOuranosBuyer()
        let files = try FileManager.default.contentsOfDirectory(atPath: footprintsDirectory)
            .filter { $0.hasSuffix(".json") }.sorted().map { (footprintsDirectory as NSString).appendingPathComponent($0) }
        let report = await importer.importFiles(files, tenant: Self.tenant)
        return (Credentials(clientID: clientID, secret: secret, generated: given == nil), report)
    }
}
