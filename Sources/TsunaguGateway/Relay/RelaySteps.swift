import Foundation
import TsunaguCore
import TsunaguEcosystems
import TsunaguMapping
import TsunaguPolicy
import TsunaguRelay

/// The relay's pure steps over the rules in force: translation into the canonical form, the
/// data owner's usage-policy decision with its obligations, and rendering into the requester's
/// model. Each returns the event that reports its outcome to the request.
struct RelaySteps: Sendable {
    let rules: GatewayRules
    /// The translations of documents relayed before, reused while the document and rules are unchanged.
    let translations = RelayTranslations()

    /// Validates an upstream document against its model's schema and translates it into the canonical form.
    func translateToCanonical(_ document: RelayDocument) -> RelayEvent {
        let snapshot = rules.snapshot
        return translations.outcome(from: document.model, to: MappingCatalog.pivot, source: document.json, generation: snapshot.generation) {
            Self.translateToCanonical(document, under: snapshot)
        }
    }

    private static func translateToCanonical(_ document: RelayDocument, under snapshot: GatewayRules.Snapshot) -> RelayEvent {
        // With its extensions' rules (GxD), as an import checks it: a partner's document is held
        // to what the gateway would accept from its own tenant.
        let problems = snapshot.schemas.schema(for: document.model) == nil ? nil : snapshot.schemas.validateFootprint(document.json, model: document.model)
        if let problems, problems.containsErrors {
            // No policy has decided on this document yet: the requester learns where it is wrong,
            // the audit trail what it holds there.
            let errors = problems.filter { $0.severity == .error }
            return .reject(RelayRejection(
                .upstreamInvalid, "the upstream document is not a valid \(document.model) document: \(Self.places(errors.map(\.pointer)))",
                audit: ["problems": .array(errors.prefix(20).map { .string($0.description) })]))
        }
        guard document.model != MappingCatalog.pivot else { return .translated(document, mapping: nil) }
        do {
            let translation = try snapshot.catalog.translate(document.json, from: document.model, to: MappingCatalog.pivot, losses: .tracked)
            return .translated(RelayDocument(json: translation.document, model: MappingCatalog.pivot), mapping: reference(translation.steps))
        } catch {
            return .reject(RelayRejection(
                .translationFailed, "the upstream \(document.model) document could not be translated into \(MappingCatalog.pivot) at \(Self.places([error.pointer]))",
                audit: ["problem": .string(error.message)]))
        }
    }

    /// Where an upstream document is wrong, told without its values: the first five JSON Pointers.
    static func places(_ pointers: [JSONPointer?]) -> String {
        let named = pointers.prefix(5).map { $0.map { $0.tokens.isEmpty ? "the document itself" : $0.description } ?? "a place the check does not name" }
        let more = pointers.count > 5 ? " and \(pointers.count - 5) more" : ""
        return named.joined(separator: ", ") + more + " (the values are kept in the gateway's audit trail, not sent before the data owner's policy has decided)"
    }

    /// The data owner's decision on the canonical document: `use` by the requester, and
    /// `distribute` as well when the footprint crosses into another ecosystem or comes from an
    /// upstream partner (the onward hop). Obligations of both are applied.
    func checkPolicy(
        _ canonical: RelayDocument, tenant: String, owner: RelaySource, origin: DataEcosystem, requester: RelayRequester, now: Date,
        query: ProductQuery = ProductQuery(productIDs: [])
    ) -> RelayEvent {
        let footprint: ProductFootprint
        do {
            footprint = try ProductFootprint(document: canonical.json)
        } catch {
            return .reject(RelayRejection(
                .upstreamInvalid, "the footprint is not a valid canonical footprint: \(Self.places(error.diagnostics.map(\.pointer)))",
                audit: ["problems": .array(error.diagnostics.prefix(20).map { .string($0.description) })]))
        }
        let facts = FootprintFacts(tenant: tenant, footprint: footprint, originEcosystem: Ecosystem(origin))
        let who = Requester(relayRequester: requester, tenant: tenant)
        var actions: [PolicyAction] = [.use]
        if owner != .tenantStore || origin != requester.protocol.ecosystem { actions.insert(.distribute, at: 0) }
        let policies = rules.snapshot.policies
        var document = canonical.json
        var explanations: [String] = []
        var policyIDs: [String] = []
        var decisions: [JSONValue] = []
        for action in actions {
            let decision = policies.decide(DecisionRequest(action: action, requester: who, time: now, footprint: facts))
            // The requester learns that the owner's policy refuses, not which policy or rule: that
            // stays with the decision in the audit trail, as on the PACT host.
            guard decision.isPermitted else {
                return .reject(RelayRejection(
                    .policyProhibited, "the data owner's usage policy does not allow action '\(action.rawValue)' of footprint '\(footprint.id)' to \(requester.identity)",
                    audit: ["decision": decision.json]))
            }
            do {
                document = try decision.release(document)
            } catch {
                return .reject(RelayRejection(
                    .policyProhibited, "an obligation of the data owner's usage policy cannot be fulfilled for footprint '\(footprint.id)'",
                    audit: ["decision": decision.json, "unfulfilledObligation": .string(error.description)]))
            }
            policyIDs += decision.policies.map(\.id)
            decisions.append(decision.json)
            explanations.append("\(action.rawValue): permitted" + (decision.obligations.isEmpty ? "" : " with \(decision.obligations.count) obligation(s) applied"))
        }
        // The requester's criteria are checked only now, and on what the policy releases: checked
        // before, a refused requester would learn the footprint's geography, validity or status
        // from which of its requests were refused as not found; checked on the stored document, a
        // redacted field could be probed.
        if let unmet = Self.unmetConditions(of: document, query: query) { return .reject(unmet) }
        let reference = PolicyDecisionReference(policyID: policyIDs.isEmpty ? "-" : policyIDs.joined(separator: ","), explanation: explanations.joined(separator: "; "), decisions: .array(decisions),
            policyFingerprint: policies.fingerprint(ofTenant: tenant))
        return .policyPermitted(RelayDocument(json: document, model: MappingCatalog.pivot), decision: reference)
    }

    /// The refusal of a footprint whose `released` document (after the policy's obligations) does
    /// not meet the requester's own criteria beyond the product (a PACT request's geography,
    /// validity or status; see ``ProductQuery/conditions``), or `nil`. The product and company ids are what the partner was asked by, and its footprint
    /// may name them in its own ecosystem's forms: they are not compared again.
    static func unmetConditions(of released: JSONValue, query: ProductQuery) -> RelayRejection? {
        guard let conditions = query.conditions, var criteria = try? FootprintQuery.parse(requestData: conditions) else { return nil }
        criteria.productIDs = []
        criteria.companyIDs = []
        criteria.classifications = []
        guard !criteria.isEmpty else { return nil }
        // A footprint whose release lacks what the criteria read (redacted) does not meet them.
        if let footprint = try? ProductFootprint(document: released), criteria.matches(footprint) { return nil }
        return RelayRejection(
            .notFound,
            "the footprint the supplier gives for product \(query.productIDs.joined(separator: ", ")) does not meet the request's criteria (geography, validity or status)")
    }

    /// Renders the canonical document into the requester's model and checks it against that model's schema.
    func render(_ canonical: RelayDocument, into model: ModelID) -> RelayEvent {
        guard model != canonical.model else { return .rendered(canonical, mapping: nil) }
        let snapshot = rules.snapshot
        return translations.outcome(from: canonical.model, to: model, source: canonical.json, generation: snapshot.generation) {
            Self.render(canonical, into: model, under: snapshot)
        }
    }

    private static func render(_ canonical: RelayDocument, into model: ModelID, under snapshot: GatewayRules.Snapshot) -> RelayEvent {
        do {
            if let notice = Self.notice(in: canonical.json), !snapshot.catalog.holdsExtensions(model) {
                return .reject(RelayRejection(
                    .policyProhibited,
                    "the data owner's usage policy attaches a notice to this footprint (\(notice)), which \(model) has no place for (it has no extensions); the footprint is not released without it"))
            }
            let translation = try snapshot.catalog.translate(canonical.json, from: canonical.model, to: model, losses: .tracked)
            if let problems = snapshot.schemas.validate(translation.document, model: model), problems.containsErrors {
                let listed = problems.filter { $0.severity == .error }.prefix(5).map(\.description).joined(separator: "; ")
                return .reject(RelayRejection(.unsupportedVersion, "the footprint cannot be expressed as a valid \(model) document: \(listed)"))
            }
            // An Ouranos buyer reads two values summed from the document: they must fit Ouranos's
            // bounds too, which the composite's schema does not check across records.
            if model == .ouranos3 {
                do {
                    _ = try OuranosCFPAnswer.values(ofComposite: translation.document, traceID: "")
                } catch {
                    return .reject(RelayRejection(.unsupportedVersion, "the footprint cannot be given as Ouranos CFP values: \(error.message)"))
                }
            }
            return .rendered(RelayDocument(json: translation.document, model: model), mapping: reference(translation.steps))
        } catch {
            return .reject(RelayRejection(.translationFailed, "the footprint could not be translated into \(model): \(error.message)"))
        }
    }

    /// The first usage notice of `canonical` (an extension the `notice` obligation added), as its
    /// pointer: the condition the owner released the footprint under, which a model without
    /// extensions (Catena-X, Ouranos) cannot carry.
    static func notice(in canonical: JSONValue) -> JSONPointer? {
        let extensions = canonical["extensions"]?.arrayValue ?? []
        return extensions.firstIndex { $0["dataSchema"]?.stringValue == Obligation.noticeSchemaURL }.map { JSONPointer(tokens: ["extensions", String($0)]) }
    }

    private static func reference(_ steps: [AppliedMapping]) -> MappingReference? {
        guard !steps.isEmpty else { return nil }
        return MappingReference(id: steps.map { "\($0.id)" }.joined(separator: " + "), contentHash: steps.map(\.contentHash).joined(separator: ","))
    }
}

extension Ecosystem {
    init(_ ecosystem: DataEcosystem) {
        switch ecosystem {
        case .pact: self = .pact
        case .catenax: self = .catenax
        case .ouranos: self = .ouranos
        }
    }
}

extension Requester {
    /// The policy engine's view of a relay requester: its identity placed by its protocol.
    init(relayRequester requester: RelayRequester, tenant: String) {
        switch requester.protocol {
        case .pactV2, .pactV3:
            self.init(ecosystem: .pact, tenant: tenant, clientID: requester.identity)
        case .catenaX:
            self.init(ecosystem: .catenax, tenant: tenant, businessPartnerNumber: requester.identity)
        case .ouranos:
            self.init(ecosystem: .ouranos, tenant: tenant, corporateNumber: requester.identity)
        }
    }
}
