import Foundation

/// How a constraint reads a text fact the requester does not have (a PACT client has no BPN, a
/// Catena-X partner no client id): the absence never grants and never excuses.
enum AbsentFacts: Sendable {
    /// In a permission: the fact satisfies no operator, `neq` and `isNoneOf` included.
    case grantNothing
    /// In a prohibition or a duty's condition: the requester is none of the values (`neq` and
    /// `isNoneOf` hold), so a prohibition of everyone but one BPN bites a requester without one.
    case excuseNothing

    /// The reading for a rule of `kind`.
    init(_ kind: RuleKind) {
        self = kind == .permission ? .grantNothing : .excuseNothing
    }
}

extension ConstraintPlan {
    /// Whether the request satisfies the whole tree.
    func isSatisfied(by request: DecisionRequest, absentFacts: AbsentFacts) -> Bool {
        switch self {
        case .atom(let atom): atom.isSatisfied(by: request, absentFacts: absentFacts)
        case .and(let operands): operands.allSatisfy { $0.isSatisfied(by: request, absentFacts: absentFacts) }
        case .or(let operands): operands.contains { $0.isSatisfied(by: request, absentFacts: absentFacts) }
        case .xone(let operands): operands.lazy.filter { $0.isSatisfied(by: request, absentFacts: absentFacts) }.count == 1
        }
    }

    /// Every atom with its outcome, for explanations.
    func outcomes(for request: DecisionRequest, absentFacts: AbsentFacts) -> [ConstraintOutcome] {
        switch self {
        case .atom(let atom):
            return [ConstraintOutcome(
                constraint: atom.text, pointer: atom.pointer, isSatisfied: atom.isSatisfied(by: request, absentFacts: absentFacts),
                isContractTerm: atom.operand.kind == .contractTerm)]
        case .and(let operands), .or(let operands), .xone(let operands):
            return operands.flatMap { $0.outcomes(for: request, absentFacts: absentFacts) }
        }
    }
}
