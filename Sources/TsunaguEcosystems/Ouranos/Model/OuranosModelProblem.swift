/// Why a JSON value is not a valid Ouranos model, worded like Ouranos's own validation
/// messages (`Validation failed, <field>: <reason>`).
public struct OuranosModelProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message.
    public let description: String

    init(_ field: String, _ reason: String) {
        description = "Validation failed, \(field): \(reason)"
    }
}
