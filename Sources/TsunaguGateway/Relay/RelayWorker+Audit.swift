import Crypto
import Foundation
import Logging
import TsunaguCore
import TsunaguRelay
import TsunaguStore

/// The audit trail of every hop, written off the worker in the order the steps were recorded.
extension RelayWorker {
    /// A step to write to the audit trail: the request as the step left it.
    struct PendingAuditStep: Sendable {
        let action: String
        let request: RelayRequest
        let time: Date
    }

    /// Queues steps for the audit trail. One task writes every queued step in the order it was
    /// queued (so a request's entries follow its transitions), working out their facts and the
    /// content hashes of the documents they carry off the worker.
    func audit(_ steps: [(request: RelayRequest, action: String)]) {
        guard !steps.isEmpty else { return }
        let time = Date()
        auditSteps.yield(steps.map { step in
            PendingAuditStep(action: step.action, request: step.request, time: time)
        })
    }

    /// Writes queued audit steps, in order, until the worker goes away.
    static func writeAudit(_ batches: AsyncStream<[PendingAuditStep]>, to trail: AuditTrail) async {
        for await batch in batches {
            for step in batch {
                let facts = step.request.transitionFacts.objectValue ?? [:]
                let detail = facts.merging(hashes(of: step.request.state)) { _, new in new }
                let request = step.request
                await trail.record(AuditEntry(
                    time: step.time, tenant: request.tenant, actor: request.requester.identity, ecosystem: request.requester.protocol.ecosystem.rawValue,
                    action: step.action, subject: request.id, detail: .object(detail)
                ))
            }
        }
    }

    /// SHA-256 of the document received from upstream and of the document sent, for the audit trail.
    private static func hashes(of state: RelayState) -> JSONObject {
        switch state {
        case .translating(_, let upstream): ["receivedSHA256": .string(sha256(upstream.json))]
        case .delivered(let document, _, _): ["sentSHA256": .string(sha256(document.json))]
        default: [:]
        }
    }

    /// What a step records: the request's transition facts and, for a document a partner sent,
    /// its SHA-256, by which a partner's repeated answer is known as the one taken
    /// (``CatenaXGatewayBackend/hasTaken(_:from:relayRequestID:)``).
    static func recordedDetail(of request: RelayRequest) -> String {
        guard case .translating(.partner, let upstream) = request.state else { return request.transitionDetail }
        var facts = request.transitionFacts.objectValue ?? [:]
        facts["receivedSHA256"] = .string(sha256(upstream.json))
        return JSONValue.object(facts).jsonText
    }

    static func sha256(_ json: JSONValue) -> String {
        HexDigits.text(SHA256.hash(data: Array(json.jsonText.utf8)))
    }
}
