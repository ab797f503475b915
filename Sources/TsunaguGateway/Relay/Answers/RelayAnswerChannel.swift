import TsunaguRelay
import TsunaguStore

/// Turns the answer to a relay request into the messages that carry it to the requester, in the
/// requester's protocol. The messages are enqueued in the same store transaction that finishes
/// the request, so an answer is sent exactly once; the outbox delivers them.
public protocol RelayAnswerChannel: Sendable {
    /// The outbox messages for `answer` (none when the requester reads the answer itself, as an
    /// Ouranos buyer does through status and cfp).
    func messages(for answer: RelayAnswer, tenant: String) -> [NewOutboxMessage]
}
