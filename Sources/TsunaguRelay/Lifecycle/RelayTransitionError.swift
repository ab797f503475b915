/// An event that does not apply to a relay request in its current state. The request is left
/// unchanged; the shell logs it and carries on (never a crash).
public struct RelayTransitionError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case wrongState
        case notDue
    }

    private let kind: Kind
    /// The event that was refused.
    public let event: String
    /// The name of the state the request was in.
    public let state: String

    private init(_ kind: Kind, event: String, state: String) {
        self.kind = kind
        self.event = event
        self.state = state
    }

    /// `event` cannot happen in `state`.
    public static func wrongState(event: String, state: RelayState) -> RelayTransitionError {
        RelayTransitionError(.wrongState, event: event, state: state.name)
    }

    /// `event` came before its time (a retry before its backoff ended, an expiry before the deadline).
    public static func notDue(event: String, state: RelayState) -> RelayTransitionError {
        RelayTransitionError(.notDue, event: event, state: state.name)
    }

    /// Whether the event came too early rather than in the wrong state.
    public var isNotDue: Bool { kind == .notDue }

    public var description: String {
        switch kind {
        case .wrongState: "relay event '\(event)' does not apply in state '\(state)'"
        case .notDue: "relay event '\(event)' came before its time (state '\(state)')"
        }
    }
}
