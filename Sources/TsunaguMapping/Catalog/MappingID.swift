import TsunaguCore

/// Identifies a mapping by the pair of models it translates between; a catalog holds at most one
/// mapping per pair.
public struct MappingID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The model of the input document.
    public let source: ModelID
    /// The model of the output document.
    public let target: ModelID

    /// Creates the identifier of the mapping from `source` to `target`.
    public init(source: ModelID, target: ModelID) {
        self.source = source
        self.target = target
    }

    /// `source->target`, for example `pact@3.0.0->pact@2.3.0`.
    public var description: String { "\(source)->\(target)" }

    public static func < (lhs: MappingID, rhs: MappingID) -> Bool { lhs.description < rhs.description }
}
