/// One attempt at delivering an outbox message with everything it needs from the store already
/// read (the receiver's address, headers and token): only the call to the receiver is left.
///
/// Preparing first lets the relay start the call before the commit that enqueues the message:
/// the call then no longer waits behind that commit for the store.
public struct OutboxAttempt: Sendable {
    private let call: @Sendable () async throws -> Void

    /// Wraps the call to the receiver.
    public init(_ call: @escaping @Sendable () async throws -> Void) {
        self.call = call
    }

    /// Makes the call.
    /// - Throws: any error when the receiver did not take the message.
    public func make() async throws {
        try await call()
    }
}
