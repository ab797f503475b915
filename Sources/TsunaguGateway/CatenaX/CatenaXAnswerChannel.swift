import Foundation
import TsunaguCore
import TsunaguRelay
import TsunaguStore

/// Answers a Catena-X requester: the footprint goes out as `PUT <requester>/footprintExchange/{requestId}?update=false`
/// (or the deprecated `/productIds/{productId}?requestId=` form its request used), sent by
/// ``CatenaXExchangeDeliverer``; an update relayed by ``CatenaXUpdatePublisher`` goes out with `update=true`.
///
/// A rejection sends nothing: the API's PUT must carry a PCF aspect document, so there is no
/// conforming way to push an error. The requester learns it by repeating its GET with the same
/// request id, which is answered with the rejection's status and message
/// (``CatenaXGatewayBackend``); operators see it in the audit trail (docs/CATENAX.md).
public struct CatenaXAnswerChannel: RelayAnswerChannel {
    /// Creates the channel.
    public init() {}

    public func messages(for answer: RelayAnswer, tenant: String) -> [NewOutboxMessage] {
        guard case .footprint(let document) = answer.content, let address = CatenaXReplyAddress(answer.requester.replyAddress) else { return [] }
        let message = CatenaXExchangeMessage(address: address, document: document.json, isUpdate: address.isUpdate, message: nil)
        return [message.outboxMessage(tenant: tenant, bpn: answer.requester.identity, auditSubject: answer.requestID)]
    }
}
