import Foundation
import TsunaguCore

/// One compiled `leftOperand operator rightOperand` constraint.
struct AtomicConstraint: Sendable {
    /// What the constraint is about.
    let operand: LeftOperand
    /// How it compares.
    let comparison: ConstraintOperator
    /// The right operand's values as text (one for `eq`, any number for list operators).
    let values: [String]
    /// The same values for membership tests.
    let valueSet: Set<String>
    /// The right operand as a point in time, for date operands with an absolute date: for a date
    /// without a time (`2026-12-31`), the start of that day in UTC.
    let date: Date?
    /// Whether `date` names a whole day (written without a time): `eq` then holds through the
    /// day, `lteq` until its end, `gt` from its end.
    let wholeDay: Bool
    /// For `inForceDate` relative to the contract (`contractAgreement+30d`): seconds after contract start.
    let secondsAfterContractStart: Double?
    /// For day counts (`DataUsageEndDurationDays`).
    let days: Int?
    /// The right operand read as framework agreements (`Name:Version`), for `FrameworkAgreement`.
    let agreements: [FrameworkAgreement]
    /// Where the constraint is in its file.
    let pointer: JSONPointer
    /// The constraint as the author wrote it, for explanations.
    let text: String
}

/// A compiled constraint tree: atoms joined by ODRL's logical constraints.
indirect enum ConstraintPlan: Sendable {
    case atom(AtomicConstraint)
    /// Every operand holds (ODRL `and`, `andSequence`, and a rule's list of constraints).
    case and([ConstraintPlan])
    /// At least one operand holds.
    case or([ConstraintPlan])
    /// Exactly one operand holds.
    case xone([ConstraintPlan])
}
