import Foundation
import TsunaguCore

/// Every loaded policy, compiled and indexed by selector, ready to decide requests.
///
/// A set is a value: the gateway swaps a whole new set in on reload, and a failed load leaves the
/// set it already has untouched.
public struct PolicySet: Sendable {
    /// The compiled policies, in file order.
    public let policies: [PolicyPlan]
    private let byProduct: [String: [Int]]
    private let byClassification: [String: [Int]]
    private let byTenant: [String: [Int]]
    private let defaults: [Int]
    /// The fingerprints and time limits of each tenant's governing policies, worked out once (see
    /// ``fingerprint(ofTenant:)``).
    let releaseBasis: ReleaseBasis

    /// How many policies the set holds.
    public var policyCount: Int { policies.count }

    /// An empty set: it denies every request (no policy is assigned to anything).
    public init() { self.init(policies: []) }

    /// Builds the index over already compiled policies.
    init(policies: [PolicyPlan]) {
        self.policies = policies
        var byProduct: [String: [Int]] = [:]
        var byClassification: [String: [Int]] = [:]
        var byTenant: [String: [Int]] = [:]
        var defaults: [Int] = []
        for (index, policy) in policies.enumerated() {
            let selector = policy.selector
            if !selector.productIDs.isEmpty {
                for product in selector.productIDs { byProduct[product, default: []].append(index) }
            } else if !selector.classifications.isEmpty {
                for classification in selector.classifications { byClassification[classification, default: []].append(index) }
            } else if let tenant = selector.tenant {
                byTenant[tenant, default: []].append(index)
            } else {
                defaults.append(index)
            }
        }
        self.byProduct = byProduct
        self.byClassification = byClassification
        self.byTenant = byTenant
        self.defaults = defaults
        self.releaseBasis = ReleaseBasis(policies)
    }

    /// The policies that govern a footprint: the matching ones of the highest specificity.
    func governing(_ footprint: FootprintFacts) -> [Int] {
        var best = -1
        var chosen: [Int] = []
        func consider(_ candidates: [Int]?) {
            guard let candidates else { return }
            for index in candidates {
                let selector = policies[index].selector
                let specificity = selector.specificity
                guard specificity >= best, selector.matches(footprint) else { continue }
                if specificity > best {
                    best = specificity
                    chosen.removeAll(keepingCapacity: true)
                }
                if !chosen.contains(index) { chosen.append(index) }
            }
        }
        for product in footprint.productIDs { consider(byProduct[product]) }
        if best < 4 {
            for classification in footprint.classifications { consider(byClassification[classification]) }
        }
        if best < 2 { consider(byTenant[footprint.tenant]) }
        if best < 1 { consider(defaults) }
        return chosen
    }

    /// Decides a request: deny unless a permission of every governing policy applies; a
    /// prohibition beats any permission; no governing policy means deny.
    public func decide(_ request: DecisionRequest) -> Decision {
        let governing = governing(request.footprint)
        let references = governing.map {
            PolicyReference(file: policies[$0].file, id: policies[$0].id, specificity: policies[$0].specificity, contentHash: policies[$0].contentHash)
        }
        guard !governing.isEmpty else {
            let reason = DecisionReason(
                kind: .noPolicyAssigned, action: request.action, footprintID: request.footprint.footprintID, unfulfilled: [],
                file: nil, policyID: nil, rule: nil, ruleIndex: nil, pointer: nil, weighed: [], request: nil)
            return Decision(isPermitted: false, reasons: [reason], obligations: [], action: request.action,
                            footprintID: request.footprint.footprintID, policies: [])
        }
        var permitted = true
        var reasons: [DecisionReason] = []
        var denials: [DecisionReason] = []
        var obligations: [Obligation] = []
        for index in governing {
            let verdict = policies[index].evaluate(request)
            if verdict.isPermitted {
                reasons += verdict.reasons
                for obligation in verdict.obligations where !obligations.contains(obligation) { obligations.append(obligation) }
            } else {
                permitted = false
                denials += verdict.reasons
            }
        }
        return Decision(
            isPermitted: permitted, reasons: permitted ? reasons : denials, obligations: permitted ? obligations : [],
            action: request.action, footprintID: request.footprint.footprintID, policies: references)
    }
}
