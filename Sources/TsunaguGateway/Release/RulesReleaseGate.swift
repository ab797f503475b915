import Foundation
import TsunaguCore
import TsunaguMapping
import TsunaguRelay
import TsunaguPolicy
import TsunaguStore

/// The release gate over the gateway's rules in force: the owner's usage policy decides on the
/// canonical document, its obligations are applied to the canonical document (their pointers
/// are PACT v3 pointers), carried source values that the obligations' changes made outdated are
/// taken out, and only then is the result translated into the requester's model.
///
/// Every release is decided afresh; what the obligations, the translation and the encoding made
/// of a footprint is reused from ``ReleaseRenderings`` while the rules, the footprint and the
/// obligations stay the same.
struct RulesReleaseGate: ReleaseGate {
    let rules: GatewayRules
    let renderings: ReleaseRenderings
    /// The rules every release is decided under, when pinned; else the rules in force at each call.
    let pinnedSnapshot: GatewayRules.Snapshot?

    init(rules: GatewayRules, renderings: ReleaseRenderings = ReleaseRenderings(), pinnedSnapshot: GatewayRules.Snapshot? = nil) {
        self.rules = rules
        self.renderings = renderings
        self.pinnedSnapshot = pinnedSnapshot
    }

    func pinned() -> any ReleaseGate {
        RulesReleaseGate(rules: rules, renderings: renderings, pinnedSnapshot: pinnedSnapshot ?? rules.snapshot)
    }

    func policyFingerprint(ofTenant tenant: String) -> String? {
        (pinnedSnapshot ?? rules.snapshot).policies.fingerprint(ofTenant: tenant)
    }

    func release(_ footprint: StoredFootprint, to requester: Requester, action: PolicyAction, as model: ModelID, now: Date) -> Release {
        encodedRelease(footprint, to: requester, action: action, as: model, now: now).map(\.value)
    }

    func encodedRelease(_ footprint: StoredFootprint, to requester: Requester, action: PolicyAction, as model: ModelID, now: Date) -> EncodedRelease {
        let snapshot = pinnedSnapshot ?? rules.snapshot
        let origin = Ecosystem(DataEcosystem.origin(of: footprint.footprint.document, in: snapshot.catalog))
        let facts = FootprintFacts(tenant: footprint.tenant, footprint: footprint.footprint, originEcosystem: origin)
        var decision = snapshot.policies.decide(DecisionRequest(action: action, requester: requester, time: now, footprint: facts))
        // A footprint released into another ecosystem than it came from is distributed there, as
        // the relay decides it: the owner's `distribute` rules (a Catena-X footprint's
        // `cx.thirdParty.forbidden:1`) hold on the PACT host too.
        if action == .use, origin != requester.ecosystem {
            decision = decision.and(snapshot.policies.decide(DecisionRequest(action: .distribute, requester: requester, time: now, footprint: facts)))
        }
        guard decision.isPermitted else {
            return .denied(record: ReleaseRecord(explaining: decision, mustRecord: true))
        }
        let source = footprint.footprint.document
        let key = ReleaseRenderings.Key(tenant: footprint.tenant, footprintID: footprint.footprint.id, model: model, obligations: decision.obligations)
        let rendering = renderings.rendering(for: key, generation: snapshot.generation, source: source) {
            Self.render(source, decision: decision, model: model, snapshot: snapshot)
        }
        switch rendering {
        case .rendered(let document, let mappings):
            return .permitted(document: document, record: ReleaseRecord(explaining: decision, mappings: mappings, mustRecord: decision.recordsRelease))
        case .unfulfillable(let reason):
            return .denied(record: ReleaseRecord(explaining: decision, unfulfilledObligation: reason, mustRecord: true))
        case .failed(let message, let mappings):
            return .failed(message: message, record: ReleaseRecord(explaining: decision, mappings: mappings, mustRecord: true))
        }
    }

    /// Applies the decision's obligations to `source` and translates the result into `model`.
    static func render(_ source: JSONValue, decision: Decision, model: ModelID, snapshot: GatewayRules.Snapshot) -> ReleaseRendering {
        let shaped: JSONValue
        do {
            shaped = try decision.release(source)
        } catch {
            return .unfulfillable(reason: error.description)
        }
        guard model != MappingCatalog.pivot else {
            return .rendered(EncodedJSON(shaped), mappings: .array([]))
        }
        do {
            let translation = try snapshot.catalog.translate(shaped, from: MappingCatalog.pivot, to: model, losses: .tracked)
            let mappings = JSONValue.array(translation.steps.map { ["id": .string("\($0.id)"), "contentHash": .string($0.contentHash)] })
            // A translation that the target's schema refuses (a v3 unit with no v2 counterpart, say)
            // is not released: the requester would receive an invalid document.
            if let problems = snapshot.schemas.validate(translation.document, model: model), problems.containsErrors {
                let unfilled = translation.losses.unfilled.compactMap { entry in entry.explanation.map { "\(entry.pointer): \($0)" } }
                let reason = (unfilled.isEmpty ? problems.filter { $0.severity == .error }.map(\.description) : unfilled).joined(separator: "; ")
                return .failed(message: "it cannot be expressed in \(model): \(reason)", mappings: mappings)
            }
            return .rendered(EncodedJSON(translation.document), mappings: mappings)
        } catch {
            return .failed(message: error.message, mappings: .array([]))
        }
    }
}
