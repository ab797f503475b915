import Foundation
import TsunaguCore
import TsunaguGateway
import TsunaguRelay

/// What relay tests set up around their gateways: routing files, a policy folder that lets the
/// relaying tenant distribute, footprints only one gateway holds, and partner registrations.
enum RelayFixtures {
    /// A data folder with `routing/demo.yaml` holding `routing` (YAML).
    static func dataDirectory(routing: String) throws -> String {
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-relay")
        let folder = (data as NSString).appendingPathComponent("routing")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try routing.write(toFile: (folder as NSString).appendingPathComponent("demo.yaml"), atomically: true, encoding: .utf8)
        return data
    }

    /// A policy folder: everything denied except `use` and `distribute` of tenant `demo`'s
    /// footprints, in every ecosystem; `prohibitDistribution` adds a prohibition of `distribute`.
    static func policies(prohibitDistribution: Bool = false) throws -> String {
        let folder = try RepositoryPaths.temporaryDirectory("tsunagu-relay-policies")
        let prohibition = prohibitDistribution ? #", "prohibition": [{"action": "distribute"}]"# : ""
        let policy = """
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"tsunagu": "urn:tsunagu:policy:"}], "@type": "Set", "@id": "demo-relay",
             "tsunagu:assignTo": {"tenant": "demo"},
             "permission": [{"action": "use"}, {"action": "distribute"}]\(prohibition)}
            """
        try policy.write(toFile: (folder as NSString).appendingPathComponent("demo-relay.json"), atomically: true, encoding: .utf8)
        return folder
    }

    /// A footprint for `productID` with `pcf` as its `pcfExcludingBiogenicUptake`, built from the first demo footprint.
    static func footprint(productID: String, pcf: String) throws -> JSONValue {
        let path = (RepositoryPaths.demoFootprints as NSString).appendingPathComponent("01-steel-coil-jp.json")
        var document = try JSONParser().parse(try Data(contentsOf: URL(fileURLWithPath: path)))
        let changed = [
            document.set(.string(UUID().uuidString.lowercased()), at: "/id"), document.set([.string(productID)], at: "/productIds"),
            document.set(.string(pcf), at: "/pcf/pcfExcludingBiogenicUptake"), document.set(.string(pcf), at: "/pcf/pcfIncludingBiogenicUptake"),
        ]
        guard !changed.contains(false) else { throw TestGatewayError("the demo footprint lacks a field the relay fixture changes") }
        return document
    }

    /// Imports `document` into `gateway`'s demo tenant.
    static func give(_ document: JSONValue, to gateway: TestGateway) async throws {
        let importer = FootprintImporter(store: gateway.gateway.store, rules: gateway.gateway.rules)
        if case .failure(let error) = await importer.importDocument(document, tenant: "demo") {
            throw TestGatewayError("footprint refused: \(error.diagnostics.map(\.description))")
        }
    }

    /// Registers a PACT partner of `gateway`'s demo tenant, reached with the client credentials
    /// whose secret is in the environment variable `secretVariable`.
    static func registerPACTPartner(_ name: String, baseURL: String, clientID: String, secretVariable: String, on gateway: TestGateway) async throws {
        let partner = try Partner(
            name: name, tenant: "demo", ecosystem: .pact, baseURL: baseURL, model: "pact@3.0.0",
            outbound: OutboundCredentials(clientID: clientID, secretVariable: secretVariable)
        )
        try await gateway.gateway.store.addPartner(partner.stored(created: Date()))
    }

    /// One PEM file trusting every certificate in `paths`.
    static func trustRoots(_ paths: [String]) throws -> String {
        let folder = try RepositoryPaths.temporaryDirectory("tsunagu-trust")
        let combined = try paths.map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\n")
        let file = (folder as NSString).appendingPathComponent("roots.pem")
        try combined.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}
