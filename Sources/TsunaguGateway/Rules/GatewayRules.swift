import Foundation
import Synchronization
import TsunaguCore
import TsunaguMapping
import TsunaguPolicy
import TsunaguSchema

/// The declarative rules a gateway runs on: mapping files, model and extension schemas, and
/// usage policies, each compiled once at load.
///
/// A reload compiles a complete new set and swaps it in one step; when any file is broken the
/// reload is refused with every problem listed and the last good set keeps serving.
public final class GatewayRules: Sendable {
    /// One consistent set of compiled rules.
    public struct Snapshot: Sendable {
        /// The mappings between data models.
        public let catalog: MappingCatalog
        /// The model and extension schemas.
        public let schemas: SchemaRegistry
        /// The usage policies.
        public let policies: PolicySet
        /// When this set was loaded.
        public let loaded: Date
        /// Counts the sets this process has compiled: a later set has a larger number, so what
        /// was derived from one set (a cached rendering) is recognised as stale under the next.
        public let generation: Int
    }

    private static let generations = Atomic<Int>(0)

    private let state: Mutex<Snapshot>

    private init(_ snapshot: Snapshot) {
        state = Mutex(snapshot)
    }

    /// Loads the rules from the mapping and policy folders.
    /// - Throws: ``DiagnosticsError`` with every problem of every file.
    public static func load(mappings: String, policies: String) throws(DiagnosticsError) -> GatewayRules {
        GatewayRules(try compile(mappings: mappings, policies: policies))
    }

    /// The rules in force now.
    public var snapshot: Snapshot { state.withLock { $0 } }

    /// Loads the folders again and swaps the whole set in when every file is good.
    /// - Returns: the problems that refused the reload; empty when the new set is in force.
    @discardableResult
    ///
    /// A reload does not take away a model the rules in force validate or translate: a schema or
    /// mapping folder moved away, or a file deleted, would otherwise let documents of that model
    /// out unchecked or stop serving it without a word. Removing a model takes a restart.
    public func reload(mappings: String, policies: String) -> [Diagnostic] {
        do {
            let fresh = try Self.compile(mappings: mappings, policies: policies)
            let lost = Self.modelsLost(from: snapshot, to: fresh, in: mappings)
            guard lost.isEmpty else { return lost }
            state.withLock { $0 = fresh }
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The models `current` validates or maps that `fresh` does not, each as a problem.
    private static func modelsLost(from current: Snapshot, to fresh: Snapshot, in mappings: String) -> [Diagnostic] {
        let schemas = Set(current.schemas.models).subtracting(fresh.schemas.models).sorted().map { model in
            Diagnostic(file: mappings, message: "the JSON Schema of \(model) is gone: a reload does not stop checking a model (restart the gateway to remove one)")
        }
        let mapped = Set(current.catalog.models).subtracting(fresh.catalog.models).sorted().map { model in
            Diagnostic(file: mappings, message: "the mappings of \(model) are gone: a reload does not stop serving a model (restart the gateway to remove one)")
        }
        return schemas + mapped
    }

    private static func compile(mappings: String, policies: String) throws(DiagnosticsError) -> Snapshot {
        var problems: [Diagnostic] = []
        var catalog: MappingCatalog?
        var schemas: SchemaRegistry?
        var policySet: PolicySet?
        do { catalog = try MappingCatalog.load(directory: mappings) } catch { problems += error.diagnostics }
        do { schemas = try SchemaRegistry.load(directory: mappings) } catch { problems += error.diagnostics }
        do { policySet = try PolicySet.load(directory: policies) } catch { problems += error.diagnostics }
        if let catalog, let schemas {
            problems += missingFoundations(catalog, schemas: schemas, in: mappings)
        }
        if let schemas, let policySet {
            problems += policySet.constraintsThatFailOpen(unknownFacts: unlearnedRequesterFacts)
            problems += unknownObligationFields(policySet, schemas: schemas)
        }
        guard problems.isEmpty, let catalog, let schemas, let policySet else { throw DiagnosticsError(problems) }
        let generation = generations.add(1, ordering: .relaxed).newValue
        return Snapshot(catalog: catalog, schemas: schemas, policies: policySet, loaded: Date(), generation: generation)
    }

    /// What a set of rules cannot serve without: the JSON Schemas of PACT v3.0 and v2.3 (without
    /// them the PACT host's documents would go out unchecked, and the obligations' fields could
    /// not be checked against PACT v3.0), and the mapping from the pivot to PACT v2.3, which the
    /// v2 paths serve every footprint through.
    private static func missingFoundations(_ catalog: MappingCatalog, schemas: SchemaRegistry, in mappings: String) -> [Diagnostic] {
        var problems = [MappingCatalog.pivot, ModelID.pact23].filter { schemas.schema(for: $0) == nil }.map { model in
            Diagnostic(file: mappings, message: "no JSON Schema for \(model) (\(model).schema.json under \(mappings)): the PACT host would serve its documents unchecked")
        }
        if catalog.route(from: MappingCatalog.pivot, to: .pact23) == nil {
            problems.append(Diagnostic(file: mappings, message: "no mapping from \(MappingCatalog.pivot) to \(ModelID.pact23): the PACT host's /2/ paths could serve no footprint"))
        }
        return problems
    }

    /// The requester facts the policy language offers that no protocol tells the gateway: a
    /// policy whose prohibition (or obligation, or negated permission) rests on one would say more
    /// than the gateway enforces, so such a policy is refused at load.
    static let unlearnedRequesterFacts: Set<String> = [
        "BusinessPartnerGroup", "Membership", "FrameworkAgreement", "UsagePurpose", "ContractReference", "ContractStart",
        "DataUsageEndDurationDays",
    ]

    /// The `redact` and `reducePrecision` fields that the PACT v3.0 schema, the model of the
    /// documents the obligations change, does not define: a misspelt field would be left as it is
    /// while the audit trail records the obligation as applied.
    private static func unknownObligationFields(_ policies: PolicySet, schemas: SchemaRegistry) -> [Diagnostic] {
        guard let schema = schemas.schema(for: .pact3) else { return [] }
        return policies.obligationFields.compactMap { entry in
            guard !schema.admits(entry.field.pathSteps) else { return nil }
            return Diagnostic(
                file: entry.file, line: entry.line, pointer: entry.pointer,
                message: "\(entry.obligation) names \(entry.field), which a PACT v3.0 footprint does not have (obligations apply to the footprint as PACT v3.0, e.g. /pcf/pcfExcludingBiogenicUptake); a misspelt field would be released unchanged")
        }
    }
}
