import TsunaguCore

extension PolicySet {
    /// The constraints that would let data out unchecked where the deciding party never learns the
    /// requester facts named in `unknownFacts` (left operand names such as `UsagePurpose`).
    ///
    /// A constraint on a fact the request does not carry has a fixed outcome: a set fact (groups,
    /// purposes, memberships…) is empty, so `neq` and `isNoneOf` hold and everything else fails; a
    /// missing date fails every operator. Where that outcome is the permissive one, the policy says
    /// more than is enforced: a prohibition that never fires, a permission that always passes its
    /// check, an obligation that is never owed. Each such constraint is one diagnostic (an error),
    /// with the policy file and the constraint's JSON Pointer. An outcome that only refuses more
    /// (a permission that can never permit) is not listed.
    public func constraintsThatFailOpen(unknownFacts: Set<String>) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for policy in policies {
            func check(_ constraint: ConstraintPlan?, in kind: RuleKind) {
                for (atom, underXone) in constraint?.placedAtoms ?? [] where atom.needs(unknownFacts) {
                    // Under `xone`, a fixed outcome either way decides the other operands' meaning
                    // (a fixed true turns "exactly one" into "none of the others").
                    guard underXone || atom.outcomeWithoutTheFact == kind.isPermissiveWhenItsConstraintHolds else { continue }
                    let effect = underXone ? "its fixed outcome would turn the `xone` around it into a test of the other constraints alone" : kind.unenforcedEffect
                    problems.append(Diagnostic(
                        file: policy.file, line: policy.line(of: atom.pointer), pointer: atom.pointer,
                        message: "`\(atom.text)` in \(kind == .obligation ? "an" : "a") \(kind.rawValue) cannot be enforced: the gateway does not learn a requester's \(atom.operand.rawValue), so \(effect); state it with facts the gateway knows (ClientId, BusinessPartnerNumber, CorporateNumber, Tenant, Ecosystem, ProductId, Classification, dateTime)"))
                }
            }
            for rule in policy.prohibitions { check(rule.constraint, in: .prohibition) }
            for rule in policy.permissions {
                check(rule.constraint, in: .permission)
                for duty in rule.duties { check(duty.constraint, in: .obligation) }
            }
            for duty in policy.obligations { check(duty.constraint, in: .obligation) }
        }
        return problems
    }
}

extension RuleKind {
    /// Whether the rule lets more out when its constraint holds: a permission grants, while a
    /// prohibition refuses and an obligation asks something of the release.
    var isPermissiveWhenItsConstraintHolds: Bool { self == .permission }

    /// What a constraint of this rule whose outcome is fixed the permissive way amounts to.
    var unenforcedEffect: String {
        switch self {
        case .prohibition: "the prohibition would never stop a release"
        case .permission: "the permission would pass this check for every requester"
        case .obligation: "the obligation would never be owed"
        }
    }
}

extension ConstraintPlan {
    /// The atoms of the tree, in order.
    var atoms: [AtomicConstraint] {
        placedAtoms.map(\.atom)
    }

    /// The atoms of the tree, in order, each with whether an `xone` lies above it.
    var placedAtoms: [(atom: AtomicConstraint, underXone: Bool)] {
        placedAtoms(underXone: false)
    }

    private func placedAtoms(underXone: Bool) -> [(atom: AtomicConstraint, underXone: Bool)] {
        switch self {
        case .atom(let atom): [(atom, underXone)]
        case .and(let operands), .or(let operands): operands.flatMap { $0.placedAtoms(underXone: underXone) }
        case .xone(let operands): operands.flatMap { $0.placedAtoms(underXone: true) }
        }
    }
}

extension AtomicConstraint {
    /// Whether the constraint reads one of `facts` (an `inForceDate` reads `ContractStart` only
    /// when it counts from the contract).
    func needs(_ facts: Set<String>) -> Bool {
        if operand == .inForceDate { return secondsAfterContractStart != nil && facts.contains(LeftOperand.contractStart.rawValue) }
        return facts.contains(operand.rawValue)
    }

    /// Whether the constraint holds for a request that lacks its fact (see
    /// ``PolicySet/constraintsThatFailOpen(unknownFacts:)``).
    var outcomeWithoutTheFact: Bool {
        operand.kind == .set && (comparison == .neq || comparison == .isNoneOf)
    }
}

extension PolicySet {
    /// A document field an obligation changes: `redact` removes it, `reducePrecision` rounds it.
    public struct ObligationField: Sendable {
        /// The policy file.
        public let file: String
        /// Where the obligation is in its file.
        public let pointer: JSONPointer
        /// The obligation's name (`redact`, `reducePrecision`).
        public let obligation: String
        /// The field in the released document.
        public let field: JSONPointer
        /// The line of the obligation in the file, where known.
        public let line: Int?
    }

    /// Every field that a `redact` or `reducePrecision` obligation names, for checking them
    /// against the model of the documents released (a misspelt field changes nothing).
    public var obligationFields: [ObligationField] {
        policies.flatMap { policy in
            (policy.permissions.flatMap(\.duties) + policy.obligations).flatMap { duty -> [ObligationField] in
                switch duty.work {
                case .redact(let fields):
                    fields.map { ObligationField(file: policy.file, pointer: duty.pointer, obligation: "redact", field: $0, line: policy.line(of: duty.pointer)) }
                case .reducePrecision(let fields, _):
                    fields.map { ObligationField(file: policy.file, pointer: duty.pointer, obligation: "reducePrecision", field: $0, line: policy.line(of: duty.pointer)) }
                default: []
                }
            }
        }
    }
}
