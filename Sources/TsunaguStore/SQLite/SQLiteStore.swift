import Foundation
import TsunaguCore

/// The embedded default store: one SQLite file in WAL mode, owned by this actor.
///
/// Footprint lists are cached per tenant in memory and dropped on every write to that tenant,
/// so the hot read paths of the API do no SQL and no JSON parsing. A commit by another process
/// (`tsunagu footprints import` while the gateway serves) drops them too: SQLite's
/// `data_version` tells, at the cost of one cached statement per read.
public actor SQLiteStore: GatewayStore {
    let connection: SQLiteConnection
    private var footprintCache: [String: [StoredFootprint]] = [:]
    /// Per tenant, the position of each footprint id in `footprintCache`, so a single footprint is found without a scan.
    private var footprintPositions: [String: [String: Int]] = [:]
    /// The database's `data_version` when the footprint caches were last known to match the file.
    private var footprintsDataVersion: Int64?
    private let parser = JSONParser()
    /// Tenants, clients and partners already read (see ``SQLiteRegistryCache``).
    var registry = SQLiteRegistryCache()
    /// Outbox messages whose sender delivers them right after enqueueing them: left out of
    /// ``dueMessages(now:limit:)`` until that sender marks them delivered or failed, so they are
    /// not sent twice. Kept in memory only: after a restart nobody holds them and they are due.
    var claimedMessages: Set<Int64> = []
    /// Messages kept out of ``dueMessages(now:limit:)`` until their time, because marking them
    /// failed: delivered ones for good (until a restart), failed ones until their retry.
    var heldBack: [Int64: Date] = [:]
    /// Messages delivered whose record failed: recorded again at each look at the queue, so that
    /// the messages waiting behind one of them (its ordering key) go once the store recovers,
    /// not only after a restart.
    var deliveredUnrecorded: Set<Int64> = []

    /// Opens or creates the database at `path` and brings its schema up to date; its commits are
    /// as durable as `durability` says.
    public init(path: String, durability: SQLiteDurability = .normal) throws(StoreError) {
        let connection = try SQLiteConnection(path: path, durability: durability)
        // Each migration reads the schema version inside its own write transaction: a gateway and
        // a command opening an old database together apply each migration once, the second one
        // finding it done.
        let found = try connection.query("PRAGMA user_version").first?.integer(0) ?? 0
        // A store a newer Tsunagu has migrated holds what this one does not keep up to date.
        guard found <= SQLiteSchema.migrations.count else {
            throw StoreError.unavailable(
                "the store at \(path) was written by a newer Tsunagu (schema version \(found); this one knows \(SQLiteSchema.migrations.count)): run that version, or restore a backup made by this one")
        }
        for (index, migration) in SQLiteSchema.migrations.enumerated() where index >= found {
            try connection.transaction { () throws(StoreError) in
                let version = try connection.query("PRAGMA user_version").first?.integer(0) ?? 0
                guard version == index else { return }
                try connection.execute(migration)
                try connection.execute("PRAGMA user_version = \(index + 1)")
            }
        }
        connection.checkpointInBackground(path: path)
        self.connection = connection
    }

    // MARK: Tenants

    public func addTenant(named name: String, now: Date) throws(StoreError) -> Tenant {
        guard Tenant.isValidName(name) else {
            throw StoreError.conflict("'\(name)' is not a valid tenant name: use 1-64 letters, digits, '-', '_' or '.'")
        }
        guard try tenant(named: name) == nil else { throw StoreError.conflict("tenant '\(name)' already exists") }
        registry.tenants = nil
        try connection.query("INSERT INTO tenants (name, created) VALUES (?, ?)", [.text(name), .time(now)])
        return Tenant(name: name, created: now)
    }

    public func tenant(named name: String) throws(StoreError) -> Tenant? {
        try tenants().first { $0.name == name }
    }

    public func tenants() throws(StoreError) -> [Tenant] {
        try dropCachesChangedElsewhere()
        if let cached = registry.tenants { return cached }
        let loaded = try connection.query("SELECT name, created FROM tenants ORDER BY name").map(Self.tenant(from:))
        registry.tenants = loaded
        return loaded
    }

    /// Drops the cached tenants, clients, partners and footprints when another connection has
    /// committed since they were read (this connection's own commits do not change
    /// `data_version`; they drop what they touch).
    func dropCachesChangedElsewhere() throws(StoreError) {
        let version = try connection.query("PRAGMA data_version").first?.integer(0) ?? 0
        registry.validate(dataVersion: version)
        guard version != footprintsDataVersion else { return }
        footprintCache.removeAll()
        footprintPositions.removeAll()
        footprintsDataVersion = version
    }

    private static func tenant(from row: SQLiteRow) -> Tenant {
        Tenant(name: row.text(0) ?? "", created: row.date(1))
    }

    // MARK: Clients

    public func addClient(_ client: APIClient) throws(StoreError) {
        guard try tenant(named: client.tenant) != nil else { throw StoreError.notFound("tenant '\(client.tenant)' does not exist") }
        guard try self.client(id: client.clientID) == nil else { throw StoreError.conflict("client '\(client.clientID)' already exists") }
        registry.clients[client.clientID] = nil
        try connection.query(
            """
            INSERT INTO clients (client_id, tenant, secret_hash, callback_base_url, callback_client_id, callback_secret_env, created)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            Self.bindings(of: client)
        )
    }

    public func updateClient(_ client: APIClient) throws(StoreError) {
        registry.clients[client.clientID] = nil
        try connection.query(
            """
            UPDATE clients SET tenant = ?2, secret_hash = ?3, callback_base_url = ?4, callback_client_id = ?5,
                callback_secret_env = ?6, created = ?7 WHERE client_id = ?1
            """,
            Self.bindings(of: client)
        )
        guard connection.changes == 1 else { throw StoreError.notFound("client '\(client.clientID)' does not exist") }
    }

    public func removeClient(id clientID: String, tenant: String) throws(StoreError) {
        registry.clients[clientID] = nil
        try connection.query("DELETE FROM clients WHERE client_id = ? AND tenant = ?", [.text(clientID), .text(tenant)])
        guard connection.changes == 1 else { throw StoreError.notFound("tenant '\(tenant)' has no client '\(clientID)'") }
    }

    public func client(id clientID: String) throws(StoreError) -> APIClient? {
        try dropCachesChangedElsewhere()
        if let cached = registry.clients[clientID] { return cached }
        let loaded = try connection.query("\(Self.clientColumns) WHERE client_id = ?", [.text(clientID)]).first.map(Self.client(from:))
        // Unknown ids are not remembered: anyone can send any number of them to /auth/token.
        if loaded != nil { registry.clients[clientID] = .some(loaded) }
        return loaded
    }

    public func clients(ofTenant tenant: String) throws(StoreError) -> [APIClient] {
        try connection.query("\(Self.clientColumns) WHERE tenant = ? ORDER BY client_id", [.text(tenant)]).map(Self.client(from:))
    }

    private static let clientColumns =
        "SELECT client_id, tenant, secret_hash, callback_base_url, callback_client_id, callback_secret_env, created FROM clients"

    private static func bindings(of client: APIClient) -> [SQLiteValue] {
        [
            .text(client.clientID), .text(client.tenant), .text(client.secretHash),
            client.callback.map { .text($0.baseURL) } ?? .null,
            client.callback.map { .text($0.clientID) } ?? .null,
            client.callback.map { .text($0.secretEnvironmentVariable) } ?? .null,
            .time(client.created),
        ]
    }

    private static func client(from row: SQLiteRow) -> APIClient {
        var callback: CallbackRegistration?
        if let baseURL = row.text(3), let clientID = row.text(4), let variable = row.text(5) {
            callback = CallbackRegistration(baseURL: baseURL, clientID: clientID, secretEnvironmentVariable: variable)
        }
        return APIClient(clientID: row.text(0) ?? "", tenant: row.text(1) ?? "", secretHash: row.text(2) ?? "", callback: callback, created: row.date(6))
    }

    // MARK: Footprints

    public func importFootprint(_ footprint: ProductFootprint, tenant: String, now: Date, timeFilled: [JSONPointer]) throws(StoreError) -> ImportOutcome {
        guard try self.tenant(named: tenant) != nil else { throw StoreError.notFound("tenant '\(tenant)' does not exist") }
        footprintCache[tenant] = nil
        footprintPositions[tenant] = nil
        return try connection.transaction { () throws(StoreError) -> ImportOutcome in
            let successors = try storedSuccessors(of: footprint.id, tenant: tenant)
            if let existing = try storedDocument(id: footprint.id, tenant: tenant) {
                // The same document but for its status: the owner deprecating it (in place, as
                // PACT's lifecycle has it), or the file of a version this store has since marked
                // deprecated imported again (a deprecated footprint does not become active again).
                if Self.same(existing, footprint.document, ignoringStatus: true, ignoring: timeFilled) {
                    guard footprint.status == .deprecated, existing["status"] != .string(FootprintStatus.deprecated.rawValue) else {
                        return .unchanged(id: footprint.id)
                    }
                    try deprecate(id: footprint.id, tenant: tenant, now: now)
                    return .deprecated(id: footprint.id)
                }
                // The stored version's predecessors, those the changed file names itself, and the
                // stored version.
                var preceding: [JSONValue] = []
                let named = (existing["precedingPfIds"]?.arrayValue ?? []) + footprint.precedingFootprintIDs.map(JSONValue.string) + [.string(footprint.id)]
                for id in named where !preceding.contains(id) { preceding.append(id) }
                // A change imported before is stored already, under the id its import gave it; the
                // file of that change marked deprecated withdraws it, as it would the first version.
                for successor in successors {
                    var candidate = footprint.document
                    candidate.set(successor["id"] ?? .null, at: "/id")
                    candidate.set(.array(preceding), at: "/precedingPfIds")
                    guard Self.same(successor, candidate, ignoringStatus: true, ignoring: timeFilled), let id = successor["id"]?.stringValue else { continue }
                    guard footprint.status == .deprecated, successor["status"] != .string(FootprintStatus.deprecated.rawValue) else { return .unchanged(id: id) }
                    try deprecate(id: id, tenant: tenant, now: now)
                    return .deprecated(id: id)
                }
                let newID = UUID().uuidString.lowercased()
                var successor = footprint.document
                successor.set(.string(newID), at: "/id")
                // The versions made from earlier changes of this file are superseded too, so that
                // exactly one version stays active ("the most recent version", PACT's status).
                let later = successors.compactMap { $0["id"] }
                successor.set(.array(preceding + later.filter { !preceding.contains($0) }), at: "/precedingPfIds")
                for id in [footprint.id] + footprint.precedingFootprintIDs + later.compactMap(\.stringValue) {
                    try deprecate(id: id, tenant: tenant, now: now)
                }
                try insert(document: successor, id: newID, status: footprint.status, tenant: tenant, now: now)
                return .superseded(oldID: footprint.id, newID: newID)
            }
            for precedingID in footprint.precedingFootprintIDs {
                try deprecate(id: precedingID, tenant: tenant, now: now)
            }
            // A version that a stored footprint already supersedes (imported after its successor,
            // as a folder of old and new files sorts) is stored as deprecated, not as active.
            if !successors.isEmpty, footprint.status != .deprecated {
                var deprecated = footprint.document
                deprecated.set(.string(FootprintStatus.deprecated.rawValue), at: "/status")
                try insert(document: deprecated, id: footprint.id, status: .deprecated, tenant: tenant, now: now)
            } else {
                try insert(document: footprint.document, id: footprint.id, status: footprint.status, tenant: tenant, now: now)
            }
            return .created(id: footprint.id)
        }
    }

    /// The stored footprints of `tenant` that name `id` in their `precedingPfIds` (found by the
    /// `footprint_predecessors` index).
    private func storedSuccessors(of id: String, tenant: String) throws(StoreError) -> [JSONValue] {
        try connection.query(
            """
            SELECT footprints.document FROM footprint_predecessors
            JOIN footprints ON footprints.tenant = footprint_predecessors.tenant AND footprints.id = footprint_predecessors.footprint_id
            WHERE footprint_predecessors.tenant = ? AND footprint_predecessors.predecessor_id = ? COLLATE NOCASE
            """,
            [.text(tenant), .text(id)]
        ).compactMap { row in row.text(0).flatMap { try? parser.parse($0) } }
    }

    /// Whether two footprint documents are equal, with `status` left out when `ignoringStatus`,
    /// and the fields at `ignoring` left out of both.
    static func same(_ left: JSONValue, _ right: JSONValue, ignoringStatus: Bool, ignoring: [JSONPointer] = []) -> Bool {
        guard ignoringStatus || !ignoring.isEmpty, case .object = left, case .object = right else { return left == right }
        var (a, b) = (left, right)
        for pointer in ignoring + (ignoringStatus ? [JSONPointer(tokens: ["status"])] : []) {
            _ = a.remove(at: pointer)
            _ = b.remove(at: pointer)
        }
        return a == b
    }

    /// Footprint ids are UUIDs, which name the same footprint in either case: a client may
    /// send back in lower case what a supplier wrote in upper case.
    public func footprint(id: String, tenant: String) throws(StoreError) -> StoredFootprint? {
        let records = try footprints(ofTenant: tenant)
        guard let position = footprintPositions[tenant]?[id.lowercased()] else { return nil }
        return records[position]
    }

    public func footprints(ofTenant tenant: String) throws(StoreError) -> [StoredFootprint] {
        try dropCachesChangedElsewhere()
        if let cached = footprintCache[tenant] { return cached }
        let rows = try connection.query(
            "SELECT sequence, document, stored, updated FROM footprints WHERE tenant = ? ORDER BY sequence", [.text(tenant)]
        )
        var records: [StoredFootprint] = []
        // A row that cannot be read (a damaged page, a hand edit) is left out rather than taking
        // the tenant's other footprints down with it; `tsunagu store check` names it.
        for row in rows {
            guard let text = row.text(1), let document = try? parser.parse(text), let footprint = try? ProductFootprint(document: document) else { continue }
            records.append(StoredFootprint(tenant: tenant, footprint: footprint, sequence: row.integer(0) ?? 0, stored: row.date(2), updated: row.date(3)))
        }
        footprintCache[tenant] = records
        footprintPositions[tenant] = Dictionary(records.enumerated().map { ($1.footprint.id.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        return records
    }

    private func storedDocument(id: String, tenant: String) throws(StoreError) -> JSONValue? {
        guard let text = try connection.query("SELECT document FROM footprints WHERE tenant = ? AND id = ? COLLATE NOCASE", [.text(tenant), .text(id)]).first?.text(0)
        else { return nil }
        do {
            return try parser.parse(text)
        } catch {
            throw StoreError.failed("stored footprint '\(id)' is not valid JSON: \(error)")
        }
    }

    private func deprecate(id: String, tenant: String, now: Date) throws(StoreError) {
        guard var document = try storedDocument(id: id, tenant: tenant), document["status"] != .string(FootprintStatus.deprecated.rawValue) else { return }
        document.set(.string(FootprintStatus.deprecated.rawValue), at: "/status")
        try connection.query(
            "UPDATE footprints SET status = ?, document = ?, updated = ? WHERE tenant = ? AND id = ? COLLATE NOCASE",
            [.text(FootprintStatus.deprecated.rawValue), .text(document.jsonText), .time(now), .text(tenant), .text(id)]
        )
    }

    private func insert(document: JSONValue, id: String, status: FootprintStatus, tenant: String, now: Date) throws(StoreError) {
        try connection.query(
            "INSERT INTO footprints (tenant, id, status, document, stored, updated) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(tenant), .text(id), .text(status.rawValue), .text(document.jsonText), .time(now), .time(now)]
        )
        for predecessor in document["precedingPfIds"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            try connection.query(
                "INSERT OR IGNORE INTO footprint_predecessors (tenant, predecessor_id, footprint_id) VALUES (?, ?, ?)",
                [.text(tenant), .text(predecessor), .text(id)]
            )
        }
    }

    // MARK: Events and outbox

    public func acceptEvent(_ event: ReceivedEvent, replies: [NewOutboxMessage], audit: [AuditEntry]) throws(StoreError) -> Bool {
        try connection.transaction { () throws(StoreError) -> Bool in
            try connection.query(
                """
                INSERT OR IGNORE INTO received_events (tenant, client_id, type, source, event_id, body, received)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(event.tenant), .text(event.clientID), .text(event.type), .text(event.source), .text(event.eventID), .text(event.body), .time(event.received)]
            )
            guard connection.changes == 1 else { return false }
            try insertMessages(replies, now: event.received)
            try insertAudit(audit)
            return true
        }
    }

    public func hasAcceptedEvent(tenant: String, clientID: String, source: String, eventID: String) throws(StoreError) -> Bool {
        try !connection.query(
            "SELECT 1 FROM received_events WHERE tenant = ? AND client_id = ? AND source = ? AND event_id = ?",
            [.text(tenant), .text(clientID), .text(source), .text(eventID)]
        ).isEmpty
    }

    public func enqueue(_ messages: [NewOutboxMessage]) throws(StoreError) {
        _ = try connection.transaction { () throws(StoreError) in try insertMessages(messages, now: Date()) }
    }

    /// Inserts `messages` as pending, due from `now` (inside the caller's transaction).
    /// - Returns: the messages as stored, with their ids.
    @discardableResult
    func insertMessages(_ messages: [NewOutboxMessage], now: Date) throws(StoreError) -> [OutboxMessage] {
        var stored: [OutboxMessage] = []
        for message in messages {
            try connection.query(
                """
                INSERT INTO outbox (tenant, client_id, kind, body, not_before, state, created, ordering_key, audit_subject, policy_fingerprint)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)
                """,
                [
                    .text(message.tenant), .text(message.clientID), .text(message.kind), .text(message.body), .time(now), .time(now),
                    message.orderingKey.map(SQLiteValue.text) ?? .null, message.auditSubject.map(SQLiteValue.text) ?? .null,
                    message.policyFingerprint.map(SQLiteValue.text) ?? .null,
                ]
            )
            stored.append(OutboxMessage(
                id: connection.lastInsertedRowID, tenant: message.tenant, clientID: message.clientID, kind: message.kind, body: message.body,
                attempts: 0, notBefore: now, state: .pending, lastError: nil, created: now, prepared: message.prepared, orderingKey: message.orderingKey,
                auditSubject: message.auditSubject, policyFingerprint: message.policyFingerprint
            ))
        }
        return stored
    }

    public func dueMessages(now: Date, limit: Int) throws(StoreError) -> [OutboxMessage] {
        for id in deliveredUnrecorded where (try? recordDelivered(id)) != nil {
            deliveredUnrecorded.remove(id)
            heldBack[id] = nil
        }
        heldBack = heldBack.filter { $0.value > now }
        let rows = try connection.query(
            "\(Self.messageColumns) WHERE state = 'pending' AND not_before <= ? AND NOT \(Self.waitsBehindEarlier) ORDER BY not_before, id LIMIT ?",
            [.time(now), .integer(Int64(limit + claimedMessages.count + heldBack.count))]
        )
        return Array(rows.map(Self.message(from:)).filter { !claimedMessages.contains($0.id) && heldBack[$0.id] == nil }.prefix(limit))
    }

    public func message(id: Int64) throws(StoreError) -> OutboxMessage? {
        try connection.query("\(Self.messageColumns) WHERE id = ?", [.integer(id)]).first.map(Self.message(from:))
    }

    public func markDelivered(messageID: Int64) throws(StoreError) {
        claimedMessages.remove(messageID)
        // Held back first: a delivered message whose record fails (a full disk) is not sent again;
        // its record is tried again at each look at the queue.
        heldBack[messageID] = .distantFuture
        do {
            try recordDelivered(messageID)
        } catch {
            deliveredUnrecorded.insert(messageID)
            throw error
        }
        heldBack[messageID] = nil
    }

    private func recordDelivered(_ messageID: Int64) throws(StoreError) {
        try connection.query("UPDATE outbox SET state = 'delivered', attempts = attempts + 1, last_error = NULL WHERE id = ?", [.integer(messageID)])
    }

    public func markFailed(messageID: Int64, error: String, retryAt: Date?) throws(StoreError) {
        claimedMessages.remove(messageID)
        // Held back until its retry even when the record fails, so a failing store does not turn
        // the queue's backoff into a send at every poll.
        heldBack[messageID] = retryAt ?? .distantFuture
        if let retryAt {
            try connection.query(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, not_before = ? WHERE id = ?",
                [.text(error), .time(retryAt), .integer(messageID)]
            )
        } else {
            try connection.query(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, state = 'abandoned' WHERE id = ?",
                [.text(error), .integer(messageID)]
            )
        }
        heldBack[messageID] = nil
    }

    public func postponeMessages(ids: [Int64], until: Date) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try connection.transaction { () throws(StoreError) in
            for id in ids {
                try connection.query(
                    "UPDATE outbox SET not_before = ? WHERE id = ? AND state = 'pending' AND not_before < ?", [.time(until), .integer(id), .time(until)])
            }
        }
    }

    public func replaceMessageBody(id: Int64, with body: String) throws(StoreError) {
        try connection.query("UPDATE outbox SET body = ?, policy_fingerprint = NULL WHERE id = ? AND state = 'pending'", [.text(body), .integer(id)])
    }

    /// The number of messages still pending for `clientID` of `tenant` (answers queued for it).
    public func pendingMessageCount(clientID: String, tenant: String) throws(StoreError) -> Int {
        Int(try connection.query(
            "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND tenant = ? AND client_id = ?", [.text(tenant), .text(clientID)]
        ).first?.integer(0) ?? 0)
    }

    public func pendingMessageCount() throws(StoreError) -> Int {
        Int(try connection.query("SELECT COUNT(*) FROM outbox WHERE state = 'pending'").first?.integer(0) ?? 0)
    }

    private static let messageColumns =
        "SELECT id, tenant, client_id, kind, body, attempts, not_before, state, last_error, created, ordering_key, audit_subject, policy_fingerprint FROM outbox"

    /// Whether the `outbox` row at hand waits behind an earlier pending message of its tenant,
    /// receiver and ordering key (SQL condition).
    static let waitsBehindEarlier = """
        EXISTS (SELECT 1 FROM outbox AS earlier WHERE outbox.ordering_key IS NOT NULL AND earlier.tenant = outbox.tenant
            AND earlier.client_id = outbox.client_id AND earlier.ordering_key = outbox.ordering_key AND earlier.state = 'pending' AND earlier.id < outbox.id)
        """

    /// Whether any of `messages` waits behind an earlier pending message of its tenant, receiver
    /// and ordering key.
    func anyWaitsBehindEarlier(_ messages: [OutboxMessage]) throws(StoreError) -> Bool {
        for message in messages where message.orderingKey != nil {
            let waits = try connection.query("SELECT 1 FROM outbox WHERE id = ? AND \(Self.waitsBehindEarlier)", [.integer(message.id)])
            if !waits.isEmpty { return true }
        }
        return false
    }

    private static func message(from row: SQLiteRow) -> OutboxMessage {
        OutboxMessage(
            id: row.integer(0) ?? 0, tenant: row.text(1) ?? "", clientID: row.text(2) ?? "", kind: row.text(3) ?? "",
            body: row.text(4) ?? "", attempts: Int(row.integer(5) ?? 0), notBefore: row.date(6),
            state: OutboxMessage.State(rawValue: row.text(7) ?? "") ?? .pending, lastError: row.text(8), created: row.date(9),
            orderingKey: row.text(10), auditSubject: row.text(11), policyFingerprint: row.text(12)
        )
    }

    // MARK: Audit

    public func appendAudit(_ entry: AuditEntry) throws(StoreError) {
        try appendAudit([entry])
    }

    public func appendAudit(_ entries: [AuditEntry]) throws(StoreError) {
        try connection.transaction { () throws(StoreError) in try insertAudit(entries) }
    }

    /// Inserts audit `entries` (inside the caller's transaction).
    private func insertAudit(_ entries: [AuditEntry]) throws(StoreError) {
        for entry in entries {
            try connection.query(
                "INSERT INTO audit (time, tenant, actor, ecosystem, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [.time(entry.time), .text(entry.tenant), .text(entry.actor), .text(entry.ecosystem), .text(entry.action), .text(entry.subject), .text(entry.detail.jsonText)]
            )
        }
    }

    public func auditEntries(tenant: String?, limit: Int) throws(StoreError) -> [AuditEntry] {
        try auditEntries(matching: AuditQuery(tenant: tenant, limit: limit))
    }

    /// The newest audit entries that `query` asks for, newest first: the store filters, so older
    /// matches behind many others are found.
    public func auditEntries(matching query: AuditQuery) throws(StoreError) -> [AuditEntry] {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        switch query.action {
        case .exactly(let action):
            conditions.append("action = ?")
            values.append(.text(action))
        case .startingWith(let prefix):
            // substr compares the prefix exactly: LIKE would read '_' and '%' in it as wildcards.
            conditions.append("substr(action, 1, ?) = ?")
            values += [.integer(Int64(prefix.utf8.count)), .text(prefix)]
        case nil:
            break
        }
        if let tenant = query.tenant {
            conditions.append("tenant = ?")
            values.append(.text(tenant))
        }
        if let since = query.since {
            conditions.append("time >= ?")
            values.append(.time(since))
        }
        if let until = query.until {
            conditions.append("time < ?")
            values.append(.time(until))
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try connection.query(
            "SELECT id, time, tenant, actor, ecosystem, action, subject, detail FROM audit\(filter) ORDER BY id DESC LIMIT ?",
            values + [.integer(Int64(query.limit))]
        ).map(auditEntry)
    }

    /// Every audit entry about `subject` (a relay request id, a footprint id, an event id), oldest first.
    public func auditEntries(subject: String) throws(StoreError) -> [AuditEntry] {
        try connection.query(
            "SELECT id, time, tenant, actor, ecosystem, action, subject, detail FROM audit WHERE subject = ? ORDER BY time, id", [.text(subject)]
        ).map(auditEntry)
    }

    private func auditEntry(_ row: SQLiteRow) -> AuditEntry {
        AuditEntry(
            id: row.integer(0) ?? 0, time: row.date(1), tenant: row.text(2) ?? "", actor: row.text(3) ?? "",
            ecosystem: row.text(4) ?? "", action: row.text(5) ?? "", subject: row.text(6) ?? "",
            detail: (try? parser.parse(row.text(7) ?? "null")) ?? .null
        )
    }
}

extension SQLiteValue {
    /// A time stored as milliseconds since 1970.
    static func time(_ date: Date) -> SQLiteValue { .integer(Int64((date.timeIntervalSince1970 * 1000).rounded())) }
}

extension SQLiteRow {
    func date(_ column: Int) -> Date { Date(timeIntervalSince1970: Double(integer(column) ?? 0) / 1000) }
}
