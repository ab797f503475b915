/// The ODRL 2.2 operators Tsunagu evaluates.
enum ConstraintOperator: String, Sendable, CaseIterable {
    case eq, neq, lt, lteq, gt, gteq, isAnyOf, isAllOf, isNoneOf, isPartOf, hasPart, isA

    /// Whether the operator orders values (only meaningful on dates and numbers).
    var isComparison: Bool {
        switch self {
        case .lt, .lteq, .gt, .gteq: true
        default: false
        }
    }

    /// Whether the operator takes a list of values on the right.
    var takesList: Bool {
        switch self {
        case .isAnyOf, .isAllOf, .isNoneOf, .isPartOf, .hasPart: true
        default: false
        }
    }
}
