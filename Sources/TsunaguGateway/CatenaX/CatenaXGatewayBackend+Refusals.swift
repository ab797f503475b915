import Foundation
import TsunaguCore
import TsunaguEcosystems
import TsunaguRelay
import TsunaguStore

/// What the gateway refuses a Catena-X partner leaves a trace in the audit trail: the partner
/// hears only the status, and the operator it calls for help finds the call with the same
/// message (`tsunagu audit list --action catenax.request.refused`, `catenax.delivery.refused`).
extension CatenaXGatewayBackend {
    /// The audit action of a request (`GET`) answered with a client error.
    static let requestRefused = "catenax.request.refused"
    /// The audit action of a footprint (`PUT`, an answer or an update) answered with a client error.
    static let deliveryRefused = "catenax.delivery.refused"
    /// The most characters of a refusal's message an entry keeps (a schema refusal names ten
    /// problems at most before this), so a refused call costs one bounded entry.
    static let auditedMessageLength = 1000

    public func accept(_ request: CatenaXFootprintRequest) async throws(CatenaXError) {
        do {
            try await admit(request)
        } catch {
            await auditRefusal(error, action: Self.requestRefused, sender: request.requester, requestID: request.requestID)
            throw error
        }
    }

    public func receive(_ delivery: CatenaXFootprintDelivery) async throws(CatenaXError) {
        do {
            try await take(delivery)
        } catch {
            await auditRefusal(error, action: Self.deliveryRefused, sender: delivery.sender, requestID: delivery.requestID)
            throw error
        }
    }

    /// Queues an audit entry of `refusal`, when it is a client error (a 5xx is the gateway's own
    /// failure, logged where it happens), under every tenant that registered `sender` as a
    /// Catena-X partner: a sender no tenant registered has no tenant to be recorded under.
    func auditRefusal(_ refusal: CatenaXError, action: String, sender: BusinessPartnerNumber, requestID: String?) async {
        guard (400..<500).contains(refusal.status) else { return }
        let registered: [Partner]
        do {
            registered = try await partners.partners(bpn: sender.value)
        } catch {
            logger.warning("Catena-X refusal not audited: the partner registry is not available", metadata: ["bpn": "\(sender)", "status": "\(refusal.status)"])
            return
        }
        let now = Date()
        for partner in registered {
            let detail: JSONObject = [
                "partner": .string(partner.name), "status": .number(JSONNumber(refusal.status)),
                "message": .string(String(refusal.message.prefix(Self.auditedMessageLength))),
            ]
            await audit.record(AuditEntry(
                time: now, tenant: partner.tenant, actor: sender.value, ecosystem: DataEcosystem.catenax.rawValue, action: action,
                subject: requestID ?? "-", detail: .object(detail)
            ))
        }
    }
}
