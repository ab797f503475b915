import Foundation

/// What the relay worker persists: relay requests through their lifecycle, and each tenant's
/// partners.
///
/// A method that returns has made its writes durable (``SQLiteStore`` commits in WAL mode, which
/// survives the process being killed), so a request inserted before it is acknowledged is never lost.
public protocol RelayStore: Sendable {
    /// Stores a newly accepted request (version 1). Call it before acknowledging the request.
    /// - Throws: a conflict when a request with the same id exists, not found when its tenant does not.
    func insertRelayRequest(_ request: StoredRelayRequest) async throws(StoreError)
    /// Stores a newly accepted request together with the steps it already took without waiting
    /// for anything (its transitions, in order, versions 2, 3, ...), in one transaction: `request`
    /// is the request after its last step. When it is finished, `answers` are enqueued with it.
    /// Call it before acknowledging the request.
    /// - Parameter claimingAnswers: the caller delivers the enqueued answers itself, at once, and
    ///   marks each delivered or failed; until then the outbox's due messages leave them out.
    ///   Answers that wait behind an earlier pending message are not claimed (``RecordedRelaySteps/waiting``).
    /// - Returns: the stored version (1 + the number of steps) and the enqueued answers.
    /// - Throws: a conflict when a request with the same id exists (nothing is written), not found when its tenant does not.
    func insertRelayRequest(
        _ request: StoredRelayRequest, steps: [RelayTransitionRecord], answers: [NewOutboxMessage], claimingAnswers: Bool
    ) async throws(StoreError) -> RecordedRelaySteps
    /// The request with `id`, if any.
    func relayRequest(id: String) async throws(StoreError) -> StoredRelayRequest?
    /// Every request not finished yet, oldest first: what a worker resumes at start-up.
    func unfinishedRelayRequests() async throws(StoreError) -> [StoredRelayRequest]
    /// The finished requests of `tenant` that ended in `state` (e.g. `delivered`), oldest first,
    /// all of them or those last updated at or after `updatedSince`: what a later update of a
    /// delivered footprint is pushed to.
    func finishedRelayRequests(tenant: String, state: String, updatedSince: Date?) async throws(StoreError) -> [StoredRelayRequest]
    /// Records a step of a request that is not finished: `request` replaces the stored one if
    /// the stored version is still `request.version`.
    /// - Returns: the record as stored, its version bumped by one.
    /// - Throws: a conflict when another writer advanced the request first or it is finished,
    ///   not found when there is no such request.
    func recordRelayTransition(_ request: StoredRelayRequest, from: String, detail: String) async throws(StoreError) -> StoredRelayRequest
    /// Records the terminal step of a request and enqueues its answer in one transaction, once.
    /// - Returns: `true` when this call finished the request; `false` when it was already
    ///   finished (nothing is written or enqueued again).
    /// - Throws: a conflict when another writer advanced the (unfinished) request first, not
    ///   found when there is no such request.
    func finishRelayRequest(_ request: StoredRelayRequest, from: String, detail: String, answers: [NewOutboxMessage]) async throws(StoreError) -> Bool
    /// Records consecutive steps of one request in one transaction: a transition per step (in
    /// order; their versions are assigned here), and the request row once, at its last step
    /// (`request`, read at `request.version`). When `finishing`, the request is finished and
    /// `answers` enqueued, once.
    /// - Parameter claimingAnswers: the caller delivers the enqueued answers itself, at once, and
    ///   marks each delivered or failed; until then the outbox's due messages leave them out.
    ///   Answers that wait behind an earlier pending message are not claimed (``RecordedRelaySteps/waiting``).
    /// - Returns: the version after the last step and the enqueued answers; `nil` when finishing a
    ///   request that was already finished.
    /// - Throws: a conflict when another writer advanced the request first, not found when there is no such request.
    func recordRelaySteps(
        _ request: StoredRelayRequest, steps: [RelayTransitionRecord], finishing: Bool, answers: [NewOutboxMessage], claimingAnswers: Bool
    ) async throws(StoreError) -> RecordedRelaySteps?
    /// Every recorded step of the request `id`, in order.
    func relayTransitions(requestID id: String) async throws(StoreError) -> [RelayTransitionRecord]

    /// Adds a partner to its tenant.
    /// - Throws: not found when the tenant does not exist, a conflict when the name is taken or
    ///   (a Catena-X partner) another Catena-X partner of the tenant has its BPN.
    func addPartner(_ partner: StoredPartner) async throws(StoreError)
    /// Replaces a partner's fields.
    /// - Throws: not found when there is no such partner, a conflict when (a Catena-X partner)
    ///   another Catena-X partner of the tenant has its BPN.
    func updatePartner(_ partner: StoredPartner) async throws(StoreError)
    /// The partner `name` of `tenant`, if any.
    func partner(named name: String, tenant: String) async throws(StoreError) -> StoredPartner?
    /// The partners of `tenant`, by name.
    func partners(ofTenant tenant: String) async throws(StoreError) -> [StoredPartner]
    /// Every partner with business partner number `bpn`, over all tenants (by tenant, then name).
    func partners(bpn: String) async throws(StoreError) -> [StoredPartner]
    /// Removes a partner. - Throws: not found when there is no such partner.
    func removePartner(named name: String, tenant: String) async throws(StoreError)
}

extension RelayStore {
    /// Records consecutive steps of one request in one transaction, the outbox delivering any
    /// answers (see ``recordRelaySteps(_:steps:finishing:answers:claimingAnswers:)``).
    /// - Returns: the version after the last step; `nil` when finishing a request that was already finished.
    public func recordRelaySteps(
        _ request: StoredRelayRequest, steps: [RelayTransitionRecord], finishing: Bool, answers: [NewOutboxMessage]
    ) async throws(StoreError) -> Int64? {
        try await recordRelaySteps(request, steps: steps, finishing: finishing, answers: answers, claimingAnswers: false)?.version
    }
}

/// What recording a relay request's steps wrote.
public struct RecordedRelaySteps: Sendable, Hashable {
    /// The request's version after its last step.
    public let version: Int64
    /// The answers enqueued with a finished request, as stored (with their ids).
    public let answers: [OutboxMessage]
    /// Whether an answer waits behind an earlier pending message to its receiver about the same
    /// request (see ``NewOutboxMessage/orderingKey``): the answers are not claimed, and the
    /// caller leaves them to the outbox, which sends them after that message.
    public let waiting: Bool

    /// Creates the outcome.
    public init(version: Int64, answers: [OutboxMessage], waiting: Bool = false) {
        self.version = version
        self.answers = answers
        self.waiting = waiting
    }
}
