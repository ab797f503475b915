import Foundation
import Synchronization
import TsunaguCore
import TsunaguStore

/// A real store that counts how often a relay request is read by id: every call goes to the
/// wrapped store unchanged.
final class RelayReadCountingStore: GatewayStore {
    let base: any GatewayStore
    private let reads = Mutex(0)

    init(_ base: any GatewayStore) {
        self.base = base
    }

    /// How many times `relayRequest(id:)` was called since the last reset.
    var relayRequestReads: Int { reads.withLock { $0 } }

    func resetCount() { reads.withLock { $0 = 0 } }

    func relayRequest(id: String) async throws(StoreError) -> StoredRelayRequest? {
        reads.withLock { $0 += 1 }
        return try await base.relayRequest(id: id)
    }

    func insertRelayRequest(_ request: StoredRelayRequest) async throws(StoreError) { try await base.insertRelayRequest(request) }
    func insertRelayRequest(
        _ request: StoredRelayRequest, steps: [RelayTransitionRecord], answers: [NewOutboxMessage], claimingAnswers: Bool
    ) async throws(StoreError) -> RecordedRelaySteps {
        try await base.insertRelayRequest(request, steps: steps, answers: answers, claimingAnswers: claimingAnswers)
    }
    func unfinishedRelayRequests() async throws(StoreError) -> [StoredRelayRequest] { try await base.unfinishedRelayRequests() }
    func finishedRelayRequests(tenant: String, state: String, updatedSince: Date?) async throws(StoreError) -> [StoredRelayRequest] {
        try await base.finishedRelayRequests(tenant: tenant, state: state, updatedSince: updatedSince)
    }
    func recordRelayTransition(_ request: StoredRelayRequest, from: String, detail: String) async throws(StoreError) -> StoredRelayRequest {
        try await base.recordRelayTransition(request, from: from, detail: detail)
    }
    func finishRelayRequest(_ request: StoredRelayRequest, from: String, detail: String, answers: [NewOutboxMessage]) async throws(StoreError) -> Bool {
        try await base.finishRelayRequest(request, from: from, detail: detail, answers: answers)
    }
    func recordRelaySteps(
        _ request: StoredRelayRequest, steps: [RelayTransitionRecord], finishing: Bool, answers: [NewOutboxMessage], claimingAnswers: Bool
    ) async throws(StoreError) -> RecordedRelaySteps? {
        try await base.recordRelaySteps(request, steps: steps, finishing: finishing, answers: answers, claimingAnswers: claimingAnswers)
    }
    func relayTransitions(requestID id: String) async throws(StoreError) -> [RelayTransitionRecord] { try await base.relayTransitions(requestID: id) }
    func addPartner(_ partner: StoredPartner) async throws(StoreError) { try await base.addPartner(partner) }
    func updatePartner(_ partner: StoredPartner) async throws(StoreError) { try await base.updatePartner(partner) }
    func partner(named name: String, tenant: String) async throws(StoreError) -> StoredPartner? { try await base.partner(named: name, tenant: tenant) }
    func partners(ofTenant tenant: String) async throws(StoreError) -> [StoredPartner] { try await base.partners(ofTenant: tenant) }
    func partners(bpn: String) async throws(StoreError) -> [StoredPartner] { try await base.partners(bpn: bpn) }
    func removePartner(named name: String, tenant: String) async throws(StoreError) { try await base.removePartner(named: name, tenant: tenant) }

    func addTenant(named name: String, now: Date) async throws(StoreError) -> Tenant { try await base.addTenant(named: name, now: now) }
    func tenant(named name: String) async throws(StoreError) -> Tenant? { try await base.tenant(named: name) }
    func tenants() async throws(StoreError) -> [Tenant] { try await base.tenants() }
    func addClient(_ client: APIClient) async throws(StoreError) { try await base.addClient(client) }
    func client(id clientID: String) async throws(StoreError) -> APIClient? { try await base.client(id: clientID) }
    func clients(ofTenant tenant: String) async throws(StoreError) -> [APIClient] { try await base.clients(ofTenant: tenant) }
    func updateClient(_ client: APIClient) async throws(StoreError) { try await base.updateClient(client) }
    func removeClient(id clientID: String, tenant: String) async throws(StoreError) { try await base.removeClient(id: clientID, tenant: tenant) }
    func importFootprint(_ footprint: ProductFootprint, tenant: String, now: Date, timeFilled: [JSONPointer]) async throws(StoreError) -> ImportOutcome {
        try await base.importFootprint(footprint, tenant: tenant, now: now, timeFilled: timeFilled)
    }
    func footprint(id: String, tenant: String) async throws(StoreError) -> StoredFootprint? { try await base.footprint(id: id, tenant: tenant) }
    func footprints(ofTenant tenant: String) async throws(StoreError) -> [StoredFootprint] { try await base.footprints(ofTenant: tenant) }
    func acceptEvent(_ event: ReceivedEvent, replies: [NewOutboxMessage], audit: [AuditEntry]) async throws(StoreError) -> Bool {
        try await base.acceptEvent(event, replies: replies, audit: audit)
    }
    func hasAcceptedEvent(tenant: String, clientID: String, source: String, eventID: String) async throws(StoreError) -> Bool {
        try await base.hasAcceptedEvent(tenant: tenant, clientID: clientID, source: source, eventID: eventID)
    }
    func enqueue(_ messages: [NewOutboxMessage]) async throws(StoreError) { try await base.enqueue(messages) }
    func dueMessages(now: Date, limit: Int) async throws(StoreError) -> [OutboxMessage] { try await base.dueMessages(now: now, limit: limit) }
    func markDelivered(messageID: Int64) async throws(StoreError) { try await base.markDelivered(messageID: messageID) }
    func markFailed(messageID: Int64, error: String, retryAt: Date?) async throws(StoreError) { try await base.markFailed(messageID: messageID, error: error, retryAt: retryAt) }
    func postponeMessages(ids: [Int64], until: Date) async throws(StoreError) { try await base.postponeMessages(ids: ids, until: until) }
    func replaceMessageBody(id: Int64, with body: String) async throws(StoreError) { try await base.replaceMessageBody(id: id, with: body) }
    func pendingMessageCount() async throws(StoreError) -> Int { try await base.pendingMessageCount() }
    func message(id: Int64) async throws(StoreError) -> OutboxMessage? { try await base.message(id: id) }
    func appendAudit(_ entry: AuditEntry) async throws(StoreError) { try await base.appendAudit(entry) }
    func appendAudit(_ entries: [AuditEntry]) async throws(StoreError) { try await base.appendAudit(entries) }
    func auditEntries(tenant: String?, limit: Int) async throws(StoreError) -> [AuditEntry] { try await base.auditEntries(tenant: tenant, limit: limit) }
}
