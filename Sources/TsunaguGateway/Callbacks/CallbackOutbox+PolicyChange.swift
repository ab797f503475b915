import Foundation
import TsunaguCore
import TsunaguEcosystems
import TsunaguStore

extension CallbackOutbox {
    /// Why a queued answer is not sent as it is.
    static let policyChanged = "the data owner's usage policies changed, or a time limit of theirs passed, after the answer was prepared"

    /// `message` as it may be sent under the usage policies in force, or `nil` when it must not
    /// be sent now.
    ///
    /// An answer carrying footprints records the policies they were released under. When the
    /// tenant's policies differ by the time it is sent (a permission withdrawn while the receiver
    /// was down), or one of their time limits passed since it was enqueued (a permission that ran
    /// out), the footprints are not released on the strength of the earlier decision: a PACT
    /// callback becomes a RequestRejected event (`AccessDenied`, ask again) in place of the answer,
    /// and another ecosystem's answer, which has no refusal to send instead, is given up. Either
    /// way the trail records `delivery.withheld`.
    func releasable(_ message: OutboxMessage) async -> OutboxMessage? {
        guard let recorded = message.policyFingerprint, let releaseStillHolds, !releaseStillHolds(message.tenant, recorded, message.created) else { return message }
        if let refusal = Self.refusal(replacing: message) {
            do {
                try await store.replaceMessageBody(id: message.id, with: refusal)
            } catch {
                logger.error("a queued answer released under earlier policies could not be replaced; it waits", metadata: ["message": "\(message.id)", "error": "\(error)"])
                return nil
            }
            await auditWithheld(message, outcome: "replaced by a RequestRejected event (AccessDenied)")
            return message.replacingBody(with: refusal)
        }
        do {
            try await store.markFailed(messageID: message.id, error: Self.policyChanged, retryAt: nil)
        } catch {
            logger.error("a queued answer released under earlier policies could not be given up; it waits", metadata: ["message": "\(message.id)", "error": "\(error)"])
            return nil
        }
        await auditWithheld(message, outcome: "given up")
        return nil
    }

    /// The RequestRejected event that replaces a PACT callback `message`, or `nil` when it is
    /// not a PACT callback that answers a request.
    static func refusal(replacing message: OutboxMessage) -> String? {
        let version: PACTVersion
        switch message.kind {
        case kind(for: .v2): version = .v2
        case kind(for: .v3): version = .v3
        default: return nil
        }
        guard let event = try? JSONParser().parse(message.body), let requestEventID = event["data"]?["requestEventId"], let source = event["source"]?.stringValue else { return nil }
        let data: JSONValue = [
            "requestEventId": requestEventID,
            "error": ["code": "AccessDenied", "message": .string("\(policyChanged): send the request again to have it decided under the policies in force")],
        ]
        let id = DerivedUUID.make("pact-withheld-answer", String(message.id), event["id"]?.stringValue ?? "")
        return CloudEvent(type: version.eventType(.requestRejected), id: id, source: source, time: Timestamp.format(Date()), data: data).json.jsonText
    }

    private func auditWithheld(_ message: OutboxMessage, outcome: String) async {
        let entry = AuditEntry(
            time: clock(), tenant: message.tenant, actor: message.clientID, ecosystem: String(message.kind.prefix { $0 != "." }),
            action: "delivery.withheld", subject: message.auditSubject ?? "outbox-\(message.id)",
            detail: ["message": .number(JSONNumber(Int(message.id))), "kind": .string(message.kind), "reason": .string(Self.policyChanged), "outcome": .string(outcome)])
        do {
            try await store.appendAudit(entry)
        } catch {
            logger.error("a withheld answer could not be audited", metadata: ["message": "\(message.id)", "error": "\(error)"])
        }
    }
}
