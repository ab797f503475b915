import TsunaguCore

extension PolicyReader {
    /// Refuses contract terms placed where their fixed outcome decides instead of the checks
    /// beside them. The gateway takes a contract term (`Warranty`, `Liability`…) as agreed: beside
    /// other constraints it changes nothing, but as an alternative to a check under `or` in a
    /// permission it lets the check pass for every requester, and under `xone` it turns "exactly
    /// one" into "none of the others", in any rule. An `or` of contract terms alone is a term too.
    mutating func checkAgreedAlternatives(_ operands: [ConstraintPlan], at pointers: [JSONPointer], in logical: String, rule: RuleKind) {
        guard logical == "xone" || (logical == "or" && rule == .permission) else { return }
        // Under `or`, an agreed operand matters only where it stands in for a real check.
        guard logical == "xone" || operands.contains(where: { !$0.holdsAsAgreed }) else { return }
        for (operand, pointer) in zip(operands, pointers) where operand.holdsAsAgreed {
            let effect = logical == "or" ? "would let this permission pass for every requester" : "would turn the `xone` into a test that the other constraints all fail"
            error(pointer, "a contract term holds as agreed (the gateway cannot check it), so as an alternative under `\(logical)` it \(effect); put contract terms beside the checks, not in place of them")
        }
    }
}

extension ConstraintPlan {
    /// Whether the constraint holds whatever the request, because it consists of contract terms,
    /// which the gateway takes as agreed.
    var holdsAsAgreed: Bool {
        switch self {
        case .atom(let atom): atom.operand.kind == .contractTerm
        case .and(let operands): operands.allSatisfy(\.holdsAsAgreed)
        case .or(let operands): operands.contains(where: \.holdsAsAgreed)
        case .xone: false
        }
    }
}
