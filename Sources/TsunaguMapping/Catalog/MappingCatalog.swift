import Foundation
import TsunaguCore

/// Every mapping of a directory, compiled once, with the routes between models: a direct mapping
/// when one is declared, otherwise a chain through the pivot `pact@3.0.0`.
public struct MappingCatalog: Sendable {
    /// The compiled mappings by pair.
    public let plans: [MappingID: MappingPlan]

    /// The pivot every composed route passes through.
    public static let pivot = ModelID.pact3

    /// For each plan with a reverse mapping, what that reverse mapping writes (computed once).
    let coverages: [MappingID: ReverseCoverage]
    /// For each plan with a carry extension and a reverse mapping, the source fields the way back
    /// reproduces exactly (computed once).
    let reproductions: [MappingID: ReproducedFields]
    /// For every pair of models with a route, the steps of ``route(from:to:)``: one lookup per
    /// translation.
    private let chains: [MappingID: [CatalogStep]]
    /// The source model of each mapping into the pivot, by the `dataSchema` of its carry extension.
    private let originsByCarry: [String: ModelID]

    /// The time a translation takes as `now` when the caller gives none.
    private let clock: @Sendable () -> Date

    /// Creates a catalog from compiled plans (one per pair); `clock` gives the time of a
    /// translation whose caller supplies no `now`.
    public init(plans: [MappingPlan], clock: @escaping @Sendable () -> Date = { Date() }) {
        self.clock = clock
        var byID: [MappingID: MappingPlan] = [:]
        for plan in plans { byID[plan.id] = plan }
        self.plans = byID
        var coverages: [MappingID: ReverseCoverage] = [:]
        var reproductions: [MappingID: ReproducedFields] = [:]
        for (id, plan) in byID {
            guard let reverse = byID[MappingID(source: id.target, target: id.source)] else { continue }
            coverages[id] = ReverseCoverage(reverse: reverse)
            if plan.carry != nil { reproductions[id] = ReproducedFields(forward: plan, reverse: reverse) }
        }
        self.coverages = coverages
        self.reproductions = reproductions
        var stepsByID: [MappingID: CatalogStep] = [:]
        for (id, plan) in byID {
            stepsByID[id] = CatalogStep(
                plan: plan, reverse: byID[MappingID(source: id.target, target: id.source)], coverage: coverages[id], reproduced: reproductions[id])
        }
        let models = Set(byID.keys.flatMap { [$0.source, $0.target] })
        var chains: [MappingID: [CatalogStep]] = [:]
        for from in models {
            for to in models where from != to {
                let route = Self.route(from: from, to: to, plans: byID)
                if let steps = route?.compactMap({ stepsByID[$0] }), steps.count == route?.count { chains[MappingID(source: from, target: to)] = steps }
            }
        }
        self.chains = chains
        var originsByCarry: [String: ModelID] = [:]
        for plan in byID.values.sorted(by: { $0.id.description < $1.id.description }) where plan.id.target == Self.pivot {
            if let carry = plan.carry, originsByCarry[carry.dataSchema] == nil { originsByCarry[carry.dataSchema] = plan.id.source }
        }
        self.originsByCarry = originsByCarry
    }

    /// Every model some mapping reads or writes, sorted.
    public var models: [ModelID] {
        Set(plans.keys.flatMap { [$0.source, $0.target] }).sorted()
    }

    /// Whether documents of `model` hold PACT Data Model Extensions: the pivot does, and so does a
    /// model whose mapping from the pivot carries what it cannot hold into one (PACT v2.x).
    public func holdsExtensions(_ model: ModelID) -> Bool {
        model == Self.pivot || plans[MappingID(source: Self.pivot, target: model)]?.carry != nil
    }

    /// The model a pivot document was translated from, read from the carry extension the
    /// translation left in it (each mapping into the pivot names its carry by its own
    /// `dataSchema`); `nil` when it holds none: a PACT v3 document, or one whose source the pivot
    /// held whole.
    public func originModel(of pivotDocument: JSONValue) -> ModelID? {
        for case let schema? in (pivotDocument["extensions"]?.arrayValue ?? []).map({ $0["dataSchema"]?.stringValue }) {
            if let origin = originsByCarry[schema] { return origin }
        }
        return nil
    }

    /// The mappings that take `from` to `to`: `[]` when they are the same model, the direct
    /// mapping when there is one, else `from → pact@3.0.0 → to`; `nil` when no route exists.
    public func route(from: ModelID, to: ModelID) -> [MappingID]? {
        Self.route(from: from, to: to, plans: plans)
    }

    private static func route(from: ModelID, to: ModelID, plans: [MappingID: MappingPlan]) -> [MappingID]? {
        if from == to { return [] }
        let direct = MappingID(source: from, target: to)
        if plans[direct] != nil { return [direct] }
        let first = MappingID(source: from, target: Self.pivot)
        let second = MappingID(source: Self.pivot, target: to)
        guard plans[first] != nil, plans[second] != nil else { return nil }
        return [first, second]
    }

    /// Translates `document` from model `from` to model `to` along ``route(from:to:)``.
    /// - Parameter losses: how a step into a model without extensions finds what it lost
    ///   (``LossDetail/exact`` by default; ``LossDetail/tracked`` skips one execution).
    /// - Parameter context: values the mappings' `context:` rules read by name, such as `now`.
    /// - Returns: the output document, the losses of every step, and the mappings applied.
    /// - Throws: ``MappingError`` when no route exists or a value cannot be translated (with its
    ///   JSON Pointer in the input of the failing step).
    public func translate(_ document: JSONValue, from: ModelID, to: ModelID, losses detail: LossDetail = .exact, context: [String: JSONValue] = [:]) throws(MappingError) -> Translation {
        let chain: [CatalogStep]
        if from == to {
            chain = []
        } else if let steps = chains[MappingID(source: from, target: to)] {
            chain = steps
        } else {
            throw MappingError.noRoute(from: from, to: to, known: models)
        }
        // Every step of a chain through the pivot translates at the same instant.
        let context = MappingPlan.timed(context, needed: chain.contains { $0.needsClock }, clock: clock)
        var current = document
        var losses = LossReport()
        var steps: [AppliedMapping] = []
        var carryElement: (tokens: [String], mapping: MappingID)?
        for step in chain {
            let result = try step.translate(current, detail: detail, context: context)
            // The first step's carry travels no further when the second step's target has no extensions.
            if let element = carryElement, step.carry == nil {
                losses = losses.appending(result.losses).losingCarry(at: element.tokens, carriedBy: element.mapping, into: step.applied.id.target)
            } else {
                losses = losses.appending(result.losses)
            }
            carryElement = step.carry.flatMap { carry in
                result.document[pointer: carry.array]?.arrayValue?.lastIndex { $0["dataSchema"]?.stringValue == carry.dataSchema }
                    .map { (carry.array.tokens + [String($0)], step.applied.id) }
            }
            current = result.document
            steps.append(step.applied)
        }
        return Translation(document: current, losses: losses, steps: steps)
    }
}

/// A plan with its reverse mapping and what the catalog knows of the pair. A class that keeps
/// what a translation asks of its plan: a `MappingPlan` has many members, and reading one through
/// a step copied the whole plan, member by member.
private final class CatalogStep: Sendable {
    let plan: MappingPlan
    let reverse: MappingPlan?
    let coverage: ReverseCoverage?
    let reproduced: ReproducedFields?
    /// The plan as the translation's list of applied mappings names it.
    let applied: AppliedMapping
    /// Where the plan carries what its target cannot hold.
    let carry: ExtensionPlace?
    /// Whether the plan or its reverse mapping reads `now`.
    let needsClock: Bool

    init(plan: MappingPlan, reverse: MappingPlan?, coverage: ReverseCoverage?, reproduced: ReproducedFields?) {
        self.plan = plan
        self.reverse = reverse
        self.coverage = coverage
        self.reproduced = reproduced
        applied = AppliedMapping(id: plan.id, file: plan.file, contentHash: plan.contentHash)
        carry = plan.carry
        needsClock = plan.needsClock(reverse: reverse)
    }

    /// Translates `document` with the plan, finding the carry with the reverse mapping.
    func translate(_ document: JSONValue, detail: LossDetail, context: [String: JSONValue]) throws(MappingError) -> (document: JSONValue, losses: LossReport) {
        try plan.translate(document, reverse: reverse, carrying: true, detail: detail, coverage: coverage, reproduced: reproduced, context: context)
    }
}

/// The result of translating one document.
public struct Translation: Sendable {
    /// The translated document.
    public let document: JSONValue
    /// What each step lost or carried.
    public let losses: LossReport
    /// The mappings applied, in order (empty when source and target model are the same).
    public let steps: [AppliedMapping]
}

/// One mapping applied in a translation, identified for the audit trail.
public struct AppliedMapping: Sendable, Hashable {
    /// Which pair of models.
    public let id: MappingID
    /// The mapping file.
    public let file: String
    /// FNV-1a 64 of the mapping file's bytes (16 hexadecimal digits).
    public let contentHash: String
}
