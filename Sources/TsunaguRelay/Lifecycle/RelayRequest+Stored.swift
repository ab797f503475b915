import Foundation
import TsunaguCore
import TsunaguStore

extension RelayRequest {
    /// The record the store keeps for this request at `version` (1 for a new request).
    public func stored(version: Int64 = 1) -> StoredRelayRequest {
        StoredRelayRequest(
            id: id, tenant: tenant, state: state.name, isFinished: false, version: version, deadline: deadline,
            received: received, updated: updated, snapshot: snapshotText
        )
    }

    /// The request a stored record holds (snapshots written by earlier versions with
    /// Foundation's encoder are read too). - Throws: ``RelaySnapshotError`` when the snapshot is unreadable.
    public init(stored: StoredRelayRequest) throws(RelaySnapshotError) {
        let json: JSONValue
        do {
            json = try JSONParser().parse(stored.snapshot)
        } catch {
            throw RelaySnapshotError(requestID: stored.id, message: "\(error)")
        }
        guard json["format"] != nil else {
            do {
                self = try Self.legacyDecoder.decode(RelayRequest.self, from: Data(stored.snapshot.utf8))
            } catch {
                throw RelaySnapshotError(requestID: stored.id, message: "\(error)")
            }
            return
        }
        do {
            self = try RelayRequest(snapshot: json)
        } catch {
            throw RelaySnapshotError(requestID: stored.id, message: error.description)
        }
    }

    /// What the step into the current state did, as JSON text for the transition record.
    public var transitionDetail: String { transitionFacts.jsonText }

    /// What the step into the current state did, for the transition record and the audit trail:
    /// source and attempt, mapping, policy decision, rejection.
    public var transitionFacts: JSONValue {
        var detail: JSONObject = ["requester": .string(requester.identity), "protocol": .string(requester.protocol.rawValue)]
        func put(_ source: RelaySource) {
            if case .partner(let name) = source { detail["partner"] = .string(name) } else { detail["source"] = "tenantStore" }
        }
        func put(_ mapping: MappingReference?) {
            if let mapping { detail["mapping"] = ["id": .string(mapping.id), "contentHash": .string(mapping.contentHash)] }
        }
        switch state {
        case .received, .authorised:
            break
        case .fetching(let source, let attempt):
            put(source)
            detail["attempt"] = .number(JSONNumber(attempt))
            // Moved when a partner accepts the request and answers later (`acceptedLater`).
            detail["deadline"] = .string(Timestamp.format(deadline))
        case .backingOff(let source, let attempt, let retryAt):
            put(source)
            detail["attempt"] = .number(JSONNumber(attempt))
            detail["retryAt"] = .string(Timestamp.format(retryAt))
            if let lastFailure { detail["upstreamFailure"] = .string(lastFailure.description) }
        case .translating(let source, let upstream):
            put(source)
            detail["upstreamModel"] = .string(upstream.model.description)
            // Which of the tenant's footprints the answer carries: what a later version of it is
            // compared with (the gateway's Catena-X update publisher).
            if source == .tenantStore, let footprintID = upstream.json["id"]?.stringValue { detail["footprintId"] = .string(footprintID) }
        case .checkingPolicy(_, _, let mapping):
            put(mapping)
        case .policyChecked(_, let canonical, let decision):
            var policy: JSONObject = ["id": .string(decision.policyID), "explanation": .string(decision.explanation), "decisions": decision.decisions]
            if let fingerprint = decision.policyFingerprint { policy["fingerprint"] = .string(fingerprint) }
            detail["policy"] = .object(policy)
            if let footprintID = canonical.json["id"]?.stringValue { detail["footprintId"] = .string(footprintID) }
        case .delivered(let document, let mapping, let footprint):
            put(mapping)
            if let id = footprint?.id { detail["footprintId"] = .string(id) }
            detail["deliveredModel"] = .string(document.model.description)
        case .rejected(let rejection), .failed(let rejection), .expired(let rejection):
            detail["reason"] = .string(rejection.reason.rawValue)
            detail["message"] = .string(rejection.message)
            if let audit = rejection.audit { detail["audit"] = audit }
        }
        return JSONValue.object(detail)
    }

    private var snapshotText: String { snapshot.jsonText }

    /// Reads the snapshots of the first relay version, written with Foundation's encoder.
    private static var legacyDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }
}

/// A stored relay request whose snapshot cannot be read back (written by an incompatible
/// version, or damaged). The worker reports it and leaves it for an operator.
public struct RelaySnapshotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request concerned.
    public let requestID: String
    /// Why it cannot be read.
    public let message: String

    public var description: String { "relay request '\(requestID)' cannot be read back: \(message)" }
}
