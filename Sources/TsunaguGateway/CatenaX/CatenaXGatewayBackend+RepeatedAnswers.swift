import Foundation
import TsunaguCore
import TsunaguRelay
import TsunaguStore

/// A partner whose 200 for its answer was lost sends the same answer again. The relay has gone
/// past waiting for it, so it is no open request any more; yet the partner's answer was taken,
/// and a 404 would tell it otherwise.
extension CatenaXGatewayBackend {
    /// Whether the relay request `id` took `document` from `partner` already: one of its recorded
    /// steps into `translating` names the partner and the SHA-256 of the same document. Read only
    /// for a PUT that would otherwise be refused as answering no open request.
    func hasTaken(_ document: JSONValue, from partner: Partner, relayRequestID id: String) async -> Bool {
        guard let steps = try? await store.relayTransitions(requestID: id) else { return false }
        let received = RelayWorker.sha256(document)
        let parser = JSONParser()
        return steps.contains { step in
            guard step.to == "translating", let detail = try? parser.parse(step.detail) else { return false }
            return detail["partner"]?.stringValue == partner.name && detail["receivedSHA256"]?.stringValue == received
        }
    }
}
