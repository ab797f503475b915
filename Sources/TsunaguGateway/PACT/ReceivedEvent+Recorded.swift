import Crypto
import Foundation
import TsunaguCore
import TsunaguEcosystems
import TsunaguStore

extension ReceivedEvent {
    /// The largest event body kept whole in the store; a larger one is kept as its size and
    /// SHA-256. Only an event's keys are needed to recognise it when it is sent again, and a
    /// client sending many large events must not grow the store by their whole size.
    static let keptBodyBytes = 64 * 1024

    /// The record of `event`, received from `clientID` of `tenant` at `received`.
    init(_ event: CloudEvent, tenant: String, clientID: String, received: Date) {
        let text = event.json.jsonText
        let body = text.utf8.count <= Self.keptBodyBytes
            ? text : "(not kept: \(text.utf8.count) bytes, SHA-256 \(HexDigits.text(SHA256.hash(data: Array(text.utf8)))))"
        self.init(tenant: tenant, clientID: clientID, type: event.type, source: event.source, eventID: event.id, body: body, received: received)
    }
}
