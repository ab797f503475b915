import TsunaguCore

/// One policy file compiled into the form the engine evaluates: the same plan whether the file
/// was ODRL JSON-LD or compact YAML.
public struct PolicyPlan: Sendable {
    /// The file the policy came from (as given to the loader).
    public let file: String
    /// The hash of the file's content (``ContentHash``), so that the audit trail tells which
    /// version of the file decided; empty for a policy compiled without its text.
    public internal(set) var contentHash = ""
    /// The policy's `@id` (or `uid`), or the file name when it has none.
    public let id: String
    /// What the policy says it is for, from `description`.
    public let summary: String?
    let selector: PolicySelector
    let permissions: [RulePlan]
    let prohibitions: [RulePlan]
    /// Policy-level duties (ODRL `obligation`), owed whenever the policy permits.
    let obligations: [DutyPlan]
    /// Constraints on contract terms the gateway records but cannot check.
    let contractTerms: [AtomicConstraint]

    /// The line of each place in the file, where the reader knew it.
    let lineOf: @Sendable (JSONPointer) -> Int?

    /// The specificity of the policy's assignment (see Policies/README.md).
    public var specificity: Int { selector.specificity }

    /// The line of the file that `pointer`, or the nearest place above it, starts on.
    public func line(of pointer: JSONPointer) -> Int? {
        Self.nearestLine(pointer, lineOf: lineOf)
    }

    /// The line `lineOf` gives for `pointer` or the nearest place above it.
    static func nearestLine(_ pointer: JSONPointer, lineOf: (JSONPointer) -> Int?) -> Int? {
        var current: JSONPointer? = pointer
        while let here = current {
            if let line = lineOf(here) { return line }
            current = here.parent
        }
        return nil
    }
}
