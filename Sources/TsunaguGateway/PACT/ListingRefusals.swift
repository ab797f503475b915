import Foundation
import TsunaguCore
import TsunaguStore

/// The footprints one listing left out: withheld by the policy, or not renderable in the
/// requester's version. They are audited as one entry of each kind per call, with their number
/// and the first ids, however many there were: a requester that the policy refuses nearly every
/// footprint must not make each call write thousands of entries.
struct ListingRefusals {
    /// How many ids an entry names.
    static let namedLimit = 50

    private(set) var withheld = Tally()
    private(set) var failed = Tally()

    /// Refusals of one kind: their number, the first ids and the first decision (and message).
    struct Tally {
        private(set) var count = 0
        private(set) var ids: [String] = []
        private(set) var first: (release: ReleaseRecord, message: String?)?

        mutating func add(_ id: String, _ release: ReleaseRecord, message: String? = nil) {
            count += 1
            if ids.count < ListingRefusals.namedLimit { ids.append(id) }
            if first == nil { first = (release, message) }
        }
    }

    /// Notes the outcome of a footprint the listing did not release (a permitted one is ignored).
    mutating func note(_ outcome: EncodedRelease, of id: String) {
        switch outcome {
        case .permitted: break
        case .denied(let release): withheld.add(id, release)
        case .failed(let message, let release): failed.add(id, release, message: message)
        }
    }

    /// One entry for each kind of refusal there was, for the client `actor` of `tenant` reading `model`.
    func entries(tenant: String, actor: String, model: ModelID, now: Date) -> [AuditEntry] {
        [("withhold", withheld), ("release.failed", failed)].compactMap { action, tally in
            guard let first = tally.first else { return nil }
            var detail: JSONObject = [
                "count": .number(JSONNumber(tally.count)), "footprints": .array(tally.ids.map(JSONValue.string)),
                "firstDecision": first.release.decision, "model": .string(model.description),
            ]
            if let message = first.message { detail["firstProblem"] = .string(message) }
            return AuditEntry(time: now, tenant: tenant, actor: actor, ecosystem: "pact", action: action, subject: "listing", detail: .object(detail))
        }
    }
}
