import Foundation
import TsunaguCore
@testable import TsunaguPolicy

/// Paths and builders shared by the policy tests.
enum Fixtures {
    /// The package root, from this file's location.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped Policies/ directory.
    static let policiesDirectory = packageRoot.appendingPathComponent("Policies").path

    /// The Catena-X policy references: `../shared/reference` beside the repository (CI, main checkout)
    /// or beside the worktrees folder.
    static let catenaXPolicies: String = {
        let candidates = [
            packageRoot.appendingPathComponent("../shared/reference/catenax/policies").standardized.path,
            packageRoot.appendingPathComponent("../../shared/reference/catenax/policies").standardized.path,
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
    }()

    static let time = Date(timeIntervalSince1970: 1_780_000_000)

    static func request(
        _ action: PolicyAction = .use, ecosystem: Ecosystem = .pact, tenant: String = "t1", clientID: String? = "c1",
        bpn: String? = nil, groups: Set<String> = [], memberships: Set<String> = [], agreements: Set<FrameworkAgreement> = [],
        purposes: Set<String> = [], references: Set<String> = [], contractStart: Date? = nil, time: Date = time,
        footprintTenant: String = "t1", products: [String] = ["urn:p:1"], classifications: [String] = []
    ) -> DecisionRequest {
        DecisionRequest(
            action: action,
            requester: Requester(
                ecosystem: ecosystem, tenant: tenant, clientID: clientID, businessPartnerNumber: bpn, businessPartnerGroups: groups,
                memberships: memberships, frameworkAgreements: agreements, usagePurposes: purposes,
                contractReferences: references, contractStart: contractStart),
            time: time,
            footprint: FootprintFacts(tenant: footprintTenant, footprintID: "fp-1", productIDs: products, classifications: classifications))
    }

    /// Compiles one JSON policy text, or returns its diagnostics.
    static func compile(_ text: String, file: String = "test.json") -> Result<PolicySet, DiagnosticsError> {
        do {
            return .success(try PolicySet.compile(documents: [(file: file, text: text)]))
        } catch {
            return .failure(error)
        }
    }

    /// The diagnostics of a policy text that must fail to load (empty when it loaded).
    static func errors(_ text: String, file: String = "test.json") -> [Diagnostic] {
        switch compile(text, file: file) {
        case .success: return []
        case .failure(let error): return error.diagnostics.filter { $0.severity == .error }
        }
    }

    /// A policy with one `use` permission under the given constraint JSON.
    static func permitting(_ constraint: String, selector: String = "") -> String {
        """
        {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "@id": "p"\(selector.isEmpty ? "" : ", \"tsunagu:assignTo\": \(selector)"),
         "permission": [{"action": "use", "constraint": \(constraint)}]}
        """
    }
}
