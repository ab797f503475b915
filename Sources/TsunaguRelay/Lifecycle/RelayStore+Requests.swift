import TsunaguStore

/// What a relay worker finds in the store at start-up.
public struct RelayRecovery: Sendable {
    /// Every unfinished request with the version it is stored at; resume each with ``RelayRequest/resume(now:)``.
    public let requests: [(request: RelayRequest, version: Int64)]
    /// Unfinished requests whose snapshot cannot be read.
    public let unreadable: [RelaySnapshotError]
}

extension RelayStore {
    /// Stores a newly accepted request; acknowledge it to the requester only after this returns.
    /// - Returns: the stored version (1).
    public func insert(_ request: RelayRequest) async throws(StoreError) -> Int64 {
        try await insertRelayRequest(request.stored(version: 1))
        return 1
    }

    /// Stores a newly accepted request after the steps it took without waiting (`steps`, in
    /// order), in one transaction; a finished request has its `answers` enqueued with it.
    /// Acknowledge the request to the requester only after this returns.
    /// - Parameter claimingAnswers: the caller delivers the answers itself, at once (see
    ///   ``TsunaguStore/RelayStore/insertRelayRequest(_:steps:answers:claimingAnswers:)``).
    /// - Throws: a conflict when the request exists already (nothing is written).
    public func insert(
        _ request: RelayRequest, steps: [RelayTransitionRecord], answers: [NewOutboxMessage] = [], claimingAnswers: Bool = false
    ) async throws(StoreError) -> RecordedRelaySteps {
        var stored = request.stored(version: Int64(1 + steps.count))
        stored.isFinished = request.state.isTerminal
        return try await insertRelayRequest(stored, steps: steps, answers: answers, claimingAnswers: claimingAnswers)
    }

    /// Records the step `request` just took from `previous`, stored at `version`: an ordinary
    /// transition, or, for a terminal state, the finish with its `answers` enqueued in the same
    /// transaction (exactly once).
    /// - Returns: the new version, or `nil` when the request had already been finished by another worker.
    /// - Throws: a conflict when another worker advanced the request first.
    public func record(
        _ request: RelayRequest, from previous: RelayState, version: Int64, answers: [NewOutboxMessage] = []
    ) async throws(StoreError) -> Int64? {
        let stored = request.stored(version: version)
        if request.state.isTerminal {
            let finished = try await finishRelayRequest(stored, from: previous.name, detail: request.transitionDetail, answers: answers)
            return finished ? version + 1 : nil
        }
        return try await recordRelayTransition(stored, from: previous.name, detail: request.transitionDetail).version
    }

    /// Records several steps `request` took since it was stored at `version`, in one transaction:
    /// `steps` are their transitions in order (versions assigned by the store); a terminal last
    /// step finishes the request with its `answers` enqueued, once.
    /// - Returns: the new version, or `nil` when the request had already been finished by another worker.
    /// - Throws: a conflict when another worker advanced the request first.
    public func record(
        _ request: RelayRequest, steps: [RelayTransitionRecord], version: Int64, answers: [NewOutboxMessage] = []
    ) async throws(StoreError) -> Int64? {
        try await record(request, steps: steps, version: version, answers: answers, claimingAnswers: false)?.version
    }

    /// Records several steps as ``record(_:steps:version:answers:)`` does, and returns the
    /// enqueued answers too.
    /// - Parameter claimingAnswers: the caller delivers the answers itself, at once (see
    ///   ``TsunaguStore/RelayStore/recordRelaySteps(_:steps:finishing:answers:claimingAnswers:)``).
    /// - Returns: the new version and the enqueued answers, or `nil` when the request had already been finished.
    public func record(
        _ request: RelayRequest, steps: [RelayTransitionRecord], version: Int64, answers: [NewOutboxMessage], claimingAnswers: Bool
    ) async throws(StoreError) -> RecordedRelaySteps? {
        try await recordRelaySteps(
            request.stored(version: version), steps: steps, finishing: request.state.isTerminal, answers: answers, claimingAnswers: claimingAnswers
        )
    }

    /// Every unfinished request, for a worker starting up.
    public func recoverRelayRequests() async throws(StoreError) -> RelayRecovery {
        var requests: [(request: RelayRequest, version: Int64)] = []
        var unreadable: [RelaySnapshotError] = []
        for stored in try await unfinishedRelayRequests() {
            do {
                requests.append((try RelayRequest(stored: stored), stored.version))
            } catch {
                unreadable.append(error)
            }
        }
        return RelayRecovery(requests: requests, unreadable: unreadable)
    }
}
