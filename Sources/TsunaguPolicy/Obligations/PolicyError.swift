import TsunaguCore

/// Why obligations could not be applied to a document; the gateway must then withhold it.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Reason: Sendable, Hashable {
        case notAnObject
        case notADecimal(JSONPointer)
        case notPermitted
    }

    private let reason: Reason

    /// The document is not a JSON object, so fields cannot be removed nor an extension attached.
    public static let notAnObject = PolicyError(reason: .notAnObject)
    /// The decision denies; there is nothing to release.
    public static let notPermitted = PolicyError(reason: .notPermitted)

    /// The field at `pointer` must be reduced in precision but is not a decimal.
    public static func notADecimal(_ pointer: JSONPointer) -> PolicyError { PolicyError(reason: .notADecimal(pointer)) }

    /// What went wrong, for logs.
    public var description: String {
        switch reason {
        case .notAnObject: "the document is not a JSON object"
        case .notADecimal(let pointer): "the field \(pointer) must be reduced in precision but is not a decimal"
        case .notPermitted: "the decision denies the release"
        }
    }
}
