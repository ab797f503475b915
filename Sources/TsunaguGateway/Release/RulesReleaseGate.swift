import Foundation
import TsunaguCore
import TsunaguMapping
import TsunaguPolicy
import TsunaguStore

/// The release gate over the gateway's rules in force: the owner's usage policy decides on the
/// canonical document, its obligations are applied to the canonical document (their pointers
/// are PACT v3 pointers), and only then is the result translated into the requester's model.
struct RulesReleaseGate: ReleaseGate {
    let rules: GatewayRules

    func release(_ footprint: StoredFootprint, to requester: Requester, action: PolicyAction, as model: ModelID, now: Date) -> Release {
        let snapshot = rules.snapshot
        let request = DecisionRequest(
            action: action, requester: requester, time: now, footprint: FootprintFacts(tenant: footprint.tenant, footprint: footprint.footprint)
        )
        let decision = snapshot.policies.decide(request)
        guard decision.isPermitted else {
            return .denied(record: ReleaseRecord(decision: decision.json, mustRecord: true))
        }
        let shaped: JSONValue
        do {
            shaped = try decision.apply(to: footprint.footprint.document)
        } catch {
            return .denied(record: ReleaseRecord(decision: decision.json, mustRecord: true))
        }
        guard model != MappingCatalog.pivot else {
            return .permitted(document: shaped, record: ReleaseRecord(decision: decision.json, mustRecord: decision.recordsRelease))
        }
        do {
            let translation = try snapshot.catalog.translate(shaped, from: MappingCatalog.pivot, to: model, losses: .tracked)
            let mappings = JSONValue.array(translation.steps.map { ["id": .string("\($0.id)"), "contentHash": .string($0.contentHash)] })
            // A translation that the target's schema refuses (a v3 unit with no v2 counterpart, say)
            // is not released: the requester would receive an invalid document.
            if let problems = snapshot.schemas.validate(translation.document, model: model), problems.containsErrors {
                let unfilled = translation.losses.unfilled.compactMap { entry in entry.explanation.map { "\(entry.pointer): \($0)" } }
                let reason = (unfilled.isEmpty ? problems.filter { $0.severity == .error }.map(\.description) : unfilled).joined(separator: "; ")
                return .failed(message: "it cannot be expressed in \(model): \(reason)", record: ReleaseRecord(decision: decision.json, mappings: mappings, mustRecord: true))
            }
            return .permitted(document: translation.document, record: ReleaseRecord(decision: decision.json, mappings: mappings, mustRecord: decision.recordsRelease))
        } catch {
            return .failed(message: error.message, record: ReleaseRecord(decision: decision.json, mustRecord: true))
        }
    }
}
