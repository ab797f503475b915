import TsunaguCore

/// Why a document could not be translated; the message says what to fix and `pointer` where.
public struct MappingError: Error, Sendable, CustomStringConvertible {
    private enum Reason: Sendable {
        case noRoute(from: ModelID, to: ModelID, known: [ModelID])
        case value(message: String)
    }

    private let reason: Reason
    /// The JSON Pointer of the offending value in the input document, when one is to blame.
    public let pointer: JSONPointer?
    /// The mapping that failed, when one was running.
    public let mapping: MappingID?

    private init(_ reason: Reason, pointer: JSONPointer? = nil, mapping: MappingID? = nil) {
        self.reason = reason
        self.pointer = pointer
        self.mapping = mapping
    }

    /// No mapping, direct or through the pivot, leads from `from` to `to`.
    public static func noRoute(from: ModelID, to: ModelID, known: [ModelID]) -> MappingError {
        MappingError(.noRoute(from: from, to: to, known: known))
    }

    /// A value in the input cannot be translated (wrong kind, not a decimal, unlisted value…).
    static func value(_ message: String, at tokens: [String]?, mapping: MappingID) -> MappingError {
        MappingError(.value(message: message), pointer: tokens.map(JSONPointer.init(tokens:)), mapping: mapping)
    }

    /// What went wrong and what to fix.
    public var message: String {
        switch reason {
        case .noRoute(let from, let to, let known):
            "no mapping from \(from) to \(to), directly or through pact@3.0.0 (models: \(known.map(\.description).joined(separator: ", ")))"
        case .value(let message):
            message
        }
    }

    public var description: String {
        var text = ""
        if let mapping { text += "\(mapping): " }
        if let pointer { text += "\(pointer.description.isEmpty ? "/" : pointer.description): " }
        return text + message
    }
}
