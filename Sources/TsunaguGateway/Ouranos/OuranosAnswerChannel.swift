import TsunaguRelay
import TsunaguStore

/// Answers Ouranos buyers: nothing is sent, since a buyer reads the answer itself through
/// `status` (`COMPLETED` / `REJECT` with the reason as `replyMessage`) and `cfp`, which
/// ``OuranosGatewayBackend`` reads from the finished relay request.
public struct OuranosAnswerChannel: RelayAnswerChannel {
    /// Creates the channel.
    public init() {}

    public func messages(for answer: RelayAnswer, tenant: String) -> [NewOutboxMessage] { [] }
}
