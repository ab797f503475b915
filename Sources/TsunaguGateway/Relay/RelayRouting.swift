import Foundation
import TsunaguCore
import TsunaguRelay

/// Each tenant's routing rules: `<folder>/<tenant>.yaml` (or `.json`) when present, otherwise
/// every footprint comes from the tenant's own store.
public struct RelayRouting: Sendable {
    private let byTenant: [String: RoutingRules]

    /// Routing with the given rules per tenant.
    public init(_ byTenant: [String: RoutingRules] = [:]) {
        self.byTenant = byTenant
    }

    /// Loads every routing file in `folder` (a missing folder means no rules).
    /// - Throws: ``DiagnosticsError`` with every problem of every file.
    public static func load(folder: String) throws(DiagnosticsError) -> RelayRouting {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else { return RelayRouting() }
        // A folder that exists but cannot be listed is not "no rules": every footprint would
        // then come from the tenants' own stores.
        guard isFolder.boolValue, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw DiagnosticsError([Diagnostic(file: folder, message: "the routing folder cannot be read")])
        }
        var rules: [String: RoutingRules] = [:]
        var problems: [Diagnostic] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json") {
            let tenant = (name as NSString).deletingPathExtension
            do {
                rules[tenant] = try RoutingRules.load(path: (folder as NSString).appendingPathComponent(name))
            } catch {
                problems += error.diagnostics
            }
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        return RelayRouting(rules)
    }

    /// The rules for `tenant`.
    public func rules(for tenant: String) -> RoutingRules {
        byTenant[tenant] ?? RoutingRules(rules: [])
    }
}
