import Foundation

extension ConstraintPlan {
    /// Whether the request satisfies the whole tree.
    func isSatisfied(by request: DecisionRequest) -> Bool {
        switch self {
        case .atom(let atom): atom.isSatisfied(by: request)
        case .and(let operands): operands.allSatisfy { $0.isSatisfied(by: request) }
        case .or(let operands): operands.contains { $0.isSatisfied(by: request) }
        case .xone(let operands): operands.lazy.filter { $0.isSatisfied(by: request) }.count == 1
        }
    }

    /// Every atom with its outcome, for explanations.
    func outcomes(for request: DecisionRequest) -> [ConstraintOutcome] {
        switch self {
        case .atom(let atom):
            return [ConstraintOutcome(
                constraint: atom.text, pointer: atom.pointer, isSatisfied: atom.isSatisfied(by: request),
                isContractTerm: atom.operand.kind == .contractTerm)]
        case .and(let operands), .or(let operands), .xone(let operands):
            return operands.flatMap { $0.outcomes(for: request) }
        }
    }
}
