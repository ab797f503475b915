extension Decision {
    /// The decision on an act that needs this decision's action and `other`'s alike (a footprint
    /// released into another ecosystem than it came from is distributed as well as used).
    ///
    /// A denial is the first denying decision, as it stands. Otherwise the act is permitted with
    /// the obligations of both (this decision's first, each once), the reasons of both (each names
    /// its action) and the policies of both; it is stated under this decision's action.
    public func and(_ other: Decision) -> Decision {
        guard isPermitted else { return self }
        guard other.isPermitted else { return other }
        var obligations = self.obligations
        for obligation in other.obligations where !obligations.contains(obligation) { obligations.append(obligation) }
        var policies = self.policies
        for policy in other.policies where !policies.contains(policy) { policies.append(policy) }
        return Decision(
            isPermitted: true, reasons: reasons + other.reasons, obligations: obligations, action: action, footprintID: footprintID, policies: policies)
    }
}
