import Foundation
import TsunaguCore
import TsunaguEcosystems
import TsunaguStore

/// The outbox message that carries a footprint to a Catena-X requester: the PUT to make, as
/// JSON text (the document keeps its exact number literals).
struct CatenaXExchangeMessage: Sendable, Hashable {
    /// The outbox message kind, sent by ``CatenaXExchangeDeliverer``.
    static let kind = "catenax.exchange"

    /// Where and under which request id and path form the document goes.
    let address: CatenaXReplyAddress
    /// The PCF aspect document.
    let document: JSONValue
    /// The document's compact JSON text, written once for the outbox body and the PUT.
    let encodedDocument: [UInt8]
    /// `true` for a later update of a footprint sent before (`update=true`).
    let isUpdate: Bool
    /// The note sent as `message`.
    let message: String?

    /// The message for the outbox, addressed to the requester `bpn` of `tenant` and audited
    /// under `auditSubject` (the relay request's id); this message travels with it as its
    /// prepared form.
    ///
    /// The body is the JSON object of the document and the address, keys sorted as ``JSONWriter``
    /// sorts them: `document` comes first, so the encoded document is put in front of the other
    /// members' text instead of being written again.
    func outboxMessage(tenant: String, bpn: String, auditSubject: String? = nil) -> NewOutboxMessage {
        var envelope: JSONObject = [
            "endpoint": .string(address.endpoint), "requestId": .string(address.requestID), "update": .bool(isUpdate),
        ]
        if case .productIDs(let productID) = address.form { envelope["productId"] = .string(productID) }
        if let message { envelope["message"] = .string(message) }
        var body = Array(#"{"document":"#.utf8)
        body += encodedDocument
        body.append(UInt8(ascii: ","))
        body += JSONWriter().bytes(.object(envelope)).dropFirst()
        // An update must not overtake the answer it updates (nor an earlier update).
        return NewOutboxMessage(
            tenant: tenant, clientID: bpn, kind: Self.kind, body: String(decoding: body, as: UTF8.self), prepared: PreparedOutboxBody(self),
            orderingKey: address.requestID, auditSubject: auditSubject
        )
    }

    init(address: CatenaXReplyAddress, document: JSONValue, isUpdate: Bool, message: String?) {
        self.address = address
        self.document = document
        self.encodedDocument = JSONWriter().bytes(document)
        self.isUpdate = isUpdate
        self.message = message
    }

    /// Reads a message body written by ``outboxMessage(tenant:bpn:auditSubject:)``; `nil` when it is not one.
    init?(body: String) {
        guard let json = try? JSONParser().parse(body), let endpoint = json["endpoint"]?.stringValue, let requestID = json["requestId"]?.stringValue,
            let document = json["document"], document.objectValue != nil
        else { return nil }
        let form: CatenaXExchangeForm = json["productId"]?.stringValue.map { .productIDs(productID: $0) } ?? .footprintExchange
        self.init(
            address: CatenaXReplyAddress(endpoint: endpoint, requestID: requestID, form: form), document: document,
            isUpdate: json["update"]?.boolValue ?? false, message: json["message"]?.stringValue
        )
    }
}
