/// A message body in the form its sender built it from (for a Catena-X answer: the address and
/// the document already encoded), kept beside the body text while the message is in memory.
///
/// The relay delivers an answer right after the commit that enqueued it; with the prepared form
/// its sender does not parse the body text it has just written and encode the document again.
/// It is a cache of the body: messages compare equal whatever their prepared forms, and the
/// store never writes it (a message read back, after a restart or for a retry, has none).
public struct PreparedOutboxBody: Sendable, Hashable {
    /// What the sender made, when it is known; the sender that reads it knows its type.
    public let content: (any Sendable)?

    /// Wraps `content`.
    public init(_ content: any Sendable) {
        self.content = content
    }

    private init() {
        content = nil
    }

    /// No prepared form: the sender reads the body text.
    public static let none = PreparedOutboxBody()

    public static func == (lhs: PreparedOutboxBody, rhs: PreparedOutboxBody) -> Bool { true }

    public func hash(into hasher: inout Hasher) {}
}
