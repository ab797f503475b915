import TsunaguCore

/// Which list of a policy a rule came from.
enum RuleKind: String, Sendable {
    case permission
    case prohibition
    case obligation
}

/// A compiled permission or prohibition.
struct RulePlan: Sendable {
    let kind: RuleKind
    /// Position in its list (`permission[2]` has index 2).
    let index: Int
    /// The action as written (`use`, `access`, `distribute`).
    let actionName: String
    /// The gateway actions the rule governs.
    let actions: Set<PolicyAction>
    /// Conditions under which the rule applies; `nil` means always.
    let constraint: ConstraintPlan?
    /// ODRL `assignee`: the rule applies only to this party (BPN, client id, corporate number or tenant).
    let assignee: String?
    /// Duties that come with a permission.
    let duties: [DutyPlan]
    let pointer: JSONPointer
}

/// A compiled duty: an obligation attached to a permission or to the whole policy.
struct DutyPlan: Sendable {
    /// What the gateway must do.
    enum Work: Sendable, Hashable {
        case redact([JSONPointer])
        case reducePrecision([JSONPointer], Precision)
        case notice(String)
        case recordRelease
        /// A contractual duty of the parties (`use` with contract terms): fulfilled by the release itself.
        case contractual
        /// An ODRL action the gateway cannot perform: the release is denied.
        case unfulfillable(String)
    }

    let work: Work
    /// Conditions under which the duty applies; `nil` means always.
    let constraint: ConstraintPlan?
    let pointer: JSONPointer
}
