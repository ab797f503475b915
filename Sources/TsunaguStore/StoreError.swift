/// Why a store operation failed.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    private enum Kind: Sendable {
        case unavailable
        case failed
        case conflict
        case notFound
        case atCapacity
    }

    private let kind: Kind
    /// What went wrong, for logs and operators.
    public let message: String

    private init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The database cannot be opened or reached.
    public static func unavailable(_ message: String) -> StoreError { StoreError(.unavailable, message) }
    /// A statement failed.
    public static func failed(_ message: String) -> StoreError { StoreError(.failed, message) }
    /// The write conflicts with what is stored (a duplicate name, say).
    public static func conflict(_ message: String) -> StoreError { StoreError(.conflict, message) }
    /// The record the operation needs does not exist.
    public static func notFound(_ message: String) -> StoreError { StoreError(.notFound, message) }

    /// The work is refused until some under way ends (every place is taken, or the requester's
    /// share): nothing was recorded, and the same call later can succeed.
    public static func atCapacity(_ message: String) -> StoreError { StoreError(.atCapacity, message) }

    /// Whether the work was refused for lack of room (see ``atCapacity(_:)``).
    public var isAtCapacity: Bool { kind == .atCapacity }
    /// Whether this is a conflict with stored data.
    public var isConflict: Bool { kind == .conflict }
    /// Whether a needed record was missing.
    public var isNotFound: Bool { kind == .notFound }

    public var description: String { message }
}
