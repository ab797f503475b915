import Foundation
import TsunaguStore

/// Receivers that failed, held back as a whole: a partner that is down for days gets one attempt
/// at a time, not one (with a token request and a warning) per queued message.
///
/// A transient failure holds the receiver until that message's retry. Messages to it that come due
/// meanwhile wait until then, without an attempt counted. When the hold ends, one message goes
/// first as a probe; the others follow once it is delivered, or wait for the next hold if it
/// fails. A delivery, or a refusal of one message for good (the receiver answered), releases it.
struct ReceiverHolds {
    /// Who receives a message: the tenant's client or partner, by the sender that delivers it.
    struct Receiver: Hashable {
        let tenant: String
        let kind: String
        let clientID: String

        init(_ message: OutboxMessage) {
            tenant = message.tenant
            kind = message.kind
            clientID = message.clientID
        }
    }

    /// What a look at the queue does with the due messages.
    struct Admission {
        /// The messages to attempt now.
        var send: [OutboxMessage] = []
        /// Messages to postpone, by the time their receiver's hold ends.
        var postpone: [Date: [Int64]] = [:]
    }

    private var heldUntil: [Receiver: Date] = [:]
    private var probes: [Receiver: Int64] = [:]

    /// Splits `due` into the messages to attempt now and those whose receiver is held.
    mutating func admit(_ due: [OutboxMessage], now: Date) -> Admission {
        var admission = Admission()
        for message in due {
            let receiver = Receiver(message)
            guard let until = heldUntil[receiver] else {
                admission.send.append(message)
                continue
            }
            if until > now {
                admission.postpone[until, default: []].append(message.id)
            } else if probes[receiver] == nil {
                probes[receiver] = message.id
                admission.send.append(message)
            }
            // Else a probe is under way: the message stays due and waits for its outcome.
        }
        return admission
    }

    /// Holds the receiver of `message`, which failed transiently, until `retryAt`.
    mutating func failed(_ message: OutboxMessage, retryAt: Date) {
        let receiver = Receiver(message)
        if probes[receiver] == message.id { probes[receiver] = nil }
        heldUntil[receiver] = max(heldUntil[receiver] ?? retryAt, retryAt)
    }

    /// Releases the receiver of `message`, which took it or refused it for good.
    mutating func answered(_ message: OutboxMessage) {
        let receiver = Receiver(message)
        heldUntil[receiver] = nil
        probes[receiver] = nil
    }

    /// Ends the probe `message` was, given up for its age: the next due message probes.
    mutating func gaveUp(_ message: OutboxMessage) {
        let receiver = Receiver(message)
        if probes[receiver] == message.id { probes[receiver] = nil }
    }
}
