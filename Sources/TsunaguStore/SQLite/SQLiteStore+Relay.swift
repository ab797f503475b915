import Foundation

extension SQLiteStore: RelayStore {
    public func insertRelayRequest(_ request: StoredRelayRequest) throws(StoreError) {
        _ = try insertRelayRequest(request, steps: [], answers: [], claimingAnswers: false)
    }

    public func insertRelayRequest(
        _ request: StoredRelayRequest, steps: [RelayTransitionRecord], answers: [NewOutboxMessage], claimingAnswers: Bool
    ) throws(StoreError) -> RecordedRelaySteps {
        guard try tenant(named: request.tenant) != nil else { throw StoreError.notFound("tenant '\(request.tenant)' does not exist") }
        let version = Int64(1 + steps.count)
        let recorded = try connection.transaction { () throws(StoreError) -> RecordedRelaySteps in
            try connection.query(
                """
                INSERT OR IGNORE INTO relay_requests (id, tenant, state, finished, version, deadline, received, updated, snapshot)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(request.id), .text(request.tenant), .text(request.state), .integer(request.isFinished ? 1 : 0), .integer(version),
                    .time(request.deadline), .time(request.received), .time(request.updated), .text(request.snapshot),
                ]
            )
            guard connection.changes == 1 else { throw StoreError.conflict("relay request '\(request.id)' already exists") }
            try insertTransitions(steps, of: request.id, after: 1)
            let enqueued = request.isFinished ? try insertMessages(answers, now: request.updated) : []
            let waiting = try anyWaitsBehindEarlier(enqueued)
            return RecordedRelaySteps(version: version, answers: enqueued, waiting: waiting)
        }
        // Claimed once committed: a rolled-back message id may be given to a later message.
        if claimingAnswers, !recorded.waiting { claimedMessages.formUnion(recorded.answers.map(\.id)) }
        return recorded
    }

    public func relayRequest(id: String) throws(StoreError) -> StoredRelayRequest? {
        try connection.query("\(Self.relayColumns) WHERE id = ?", [.text(id)]).first.map(Self.relayRequest(from:))
    }

    public func unfinishedRelayRequests() throws(StoreError) -> [StoredRelayRequest] {
        try connection.query("\(Self.relayColumns) WHERE finished = 0 ORDER BY received, id").map(Self.relayRequest(from:))
    }

    public func finishedRelayRequests(tenant: String, state: String, updatedSince: Date?) throws(StoreError) -> [StoredRelayRequest] {
        guard let updatedSince else {
            return try connection.query(
                "\(Self.relayColumns) WHERE tenant = ? AND finished = 1 AND state = ? ORDER BY received, id", [.text(tenant), .text(state)]
            ).map(Self.relayRequest(from:))
        }
        return try connection.query(
            "\(Self.relayColumns) WHERE tenant = ? AND finished = 1 AND state = ? AND updated >= ? ORDER BY received, id",
            [.text(tenant), .text(state), .time(updatedSince)]
        ).map(Self.relayRequest(from:))
    }

    public func recordRelayTransition(_ request: StoredRelayRequest, from: String, detail: String) throws(StoreError) -> StoredRelayRequest {
        var stored = request
        stored.version = try recordRelaySteps(request, steps: [step(of: request, from: from, detail: detail)], finishing: false, answers: [], claimingAnswers: false)?.version
            ?? request.version + 1
        return stored
    }

    public func finishRelayRequest(_ request: StoredRelayRequest, from: String, detail: String, answers: [NewOutboxMessage]) throws(StoreError) -> Bool {
        try recordRelaySteps(request, steps: [step(of: request, from: from, detail: detail)], finishing: true, answers: answers, claimingAnswers: false) != nil
    }

    public func recordRelaySteps(
        _ request: StoredRelayRequest, steps: [RelayTransitionRecord], finishing: Bool, answers: [NewOutboxMessage], claimingAnswers: Bool
    ) throws(StoreError) -> RecordedRelaySteps? {
        guard let last = steps.last else { return RecordedRelaySteps(version: request.version, answers: []) }
        let recorded = try connection.transaction { () throws(StoreError) -> RecordedRelaySteps? in
            let final = request.version + Int64(steps.count)
            try connection.query(
                """
                UPDATE relay_requests SET state = ?, finished = ?, version = ?, deadline = ?, updated = ?, snapshot = ?
                WHERE id = ? AND version = ? AND finished = 0
                """,
                [
                    .text(last.to), .integer(finishing ? 1 : 0), .integer(final), .time(request.deadline), .time(request.updated),
                    .text(request.snapshot), .text(request.id), .integer(request.version),
                ]
            )
            guard connection.changes == 1 else {
                // Only a request finished already is not changed by a finishing step: it was answered once.
                if finishing, let stored = try relayRequest(id: request.id), stored.isFinished { return nil }
                throw try conflict(request)
            }
            try insertTransitions(steps, of: request.id, after: request.version)
            let enqueued = finishing ? try insertMessages(answers, now: request.updated) : []
            let waiting = try anyWaitsBehindEarlier(enqueued)
            return RecordedRelaySteps(version: final, answers: enqueued, waiting: waiting)
        }
        if claimingAnswers, let recorded, !recorded.waiting { claimedMessages.formUnion(recorded.answers.map(\.id)) }
        return recorded
    }

    /// Records `steps` of request `id`, which was at version `version` before the first.
    private func insertTransitions(_ steps: [RelayTransitionRecord], of id: String, after version: Int64) throws(StoreError) {
        for (offset, step) in steps.enumerated() {
            try connection.query(
                "INSERT INTO relay_transitions (request_id, version, time, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(id), .integer(version + Int64(offset) + 1), .time(step.time), .text(step.from), .text(step.to), .text(step.detail)]
            )
        }
    }

    public func relayTransitions(requestID id: String) throws(StoreError) -> [RelayTransitionRecord] {
        try connection.query(
            "SELECT request_id, version, time, from_state, to_state, detail FROM relay_transitions WHERE request_id = ? ORDER BY version",
            [.text(id)]
        ).map { row in
            RelayTransitionRecord(
                requestID: row.text(0) ?? "", version: row.integer(1) ?? 0, time: row.date(2), from: row.text(3) ?? "",
                to: row.text(4) ?? "", detail: row.text(5) ?? ""
            )
        }
    }

    /// The one step that brought `request` into its state.
    private func step(of request: StoredRelayRequest, from: String, detail: String) -> RelayTransitionRecord {
        RelayTransitionRecord(requestID: request.id, version: request.version + 1, time: request.updated, from: from, to: request.state, detail: detail)
    }

    /// Why `request` could not be written over the stored one.
    private func conflict(_ request: StoredRelayRequest) throws(StoreError) -> StoreError {
        guard let stored = try relayRequest(id: request.id) else { return StoreError.notFound("relay request '\(request.id)' does not exist") }
        if stored.isFinished { return StoreError.conflict("relay request '\(request.id)' is already finished (\(stored.state))") }
        return StoreError.conflict("relay request '\(request.id)' is at version \(stored.version), not \(request.version): another worker advanced it")
    }

    private static let relayColumns =
        "SELECT id, tenant, state, finished, version, deadline, received, updated, snapshot FROM relay_requests"

    private static func relayRequest(from row: SQLiteRow) -> StoredRelayRequest {
        StoredRelayRequest(
            id: row.text(0) ?? "", tenant: row.text(1) ?? "", state: row.text(2) ?? "", isFinished: row.integer(3) == 1,
            version: row.integer(4) ?? 0, deadline: row.date(5), received: row.date(6), updated: row.date(7), snapshot: row.text(8) ?? ""
        )
    }
}
