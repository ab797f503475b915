import Foundation
import TsunaguCore
import TsunaguEcosystems
import TsunaguRelay
import TsunaguStore

/// Answers a PACT requester's RequestCreated event with a RequestFulfilled event carrying the
/// relayed footprint, or a RequestRejected event with the PACT error code, sent to the
/// requester's registered events endpoint by the ``CallbackOutbox``.
public struct PACTAnswerChannel: RelayAnswerChannel {
    /// The gateway's own `/3/events` URL: the `source` of the events it sends (`/2/events` for v2).
    public let sourceURL: String

    /// Creates the channel.
    public init(sourceURL: String) {
        self.sourceURL = sourceURL
    }

    public func messages(for answer: RelayAnswer, tenant: String) -> [NewOutboxMessage] {
        let version: PACTVersion = answer.requester.protocol == .pactV2 ? .v2 : .v3
        let requestEventID = answer.requester.replyAddress.correlationID
        let kind: PACTEventKind
        let data: JSONValue
        switch answer.content {
        case .footprint(let document):
            kind = .requestFulfilled
            data = ["requestEventId": .string(requestEventID), "pfs": [document.json]]
        case .rejection(let rejection):
            kind = .requestRejected
            let (code, message): (String, String)
            switch rejection {
            case .pact(let pactCode, let text): (code, message) = (pactCode, text)
            case .catenaX(_, let text), .ouranos(_, let text): (code, message) = ("InternalError", text)
            }
            data = ["requestEventId": .string(requestEventID), "error": ["code": .string(code), "message": .string(message)]]
        }
        // The same answer always has the same id, so a requester tells an answer sent again after a
        // restart (see ``RelayAnswerDelivery``) from a new one, as CloudEvents consumers do.
        let id = DerivedUUID.make("pact-relay-answer", answer.requestID)
        let event = CloudEvent(
            type: version.eventType(kind), id: id, source: PACTEventSource.url(sourceURL, for: version), time: Timestamp.format(Date()), data: data)
        return [NewOutboxMessage(
            tenant: tenant, clientID: answer.requester.identity, kind: CallbackOutbox.kind(for: version), body: event.json.jsonText, auditSubject: answer.requestID)]
    }
}
