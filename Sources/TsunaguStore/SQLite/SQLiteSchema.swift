/// The SQLite schema, applied in order; `PRAGMA user_version` records how far a database is.
enum SQLiteSchema {
    static let migrations: [String] = [
        """
        CREATE TABLE tenants (
            name TEXT PRIMARY KEY,
            created INTEGER NOT NULL
        );
        CREATE TABLE clients (
            client_id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL REFERENCES tenants(name),
            secret_hash TEXT NOT NULL,
            callback_base_url TEXT,
            callback_client_id TEXT,
            callback_secret_env TEXT,
            created INTEGER NOT NULL
        );
        CREATE TABLE footprints (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL REFERENCES tenants(name),
            id TEXT NOT NULL,
            status TEXT NOT NULL,
            document TEXT NOT NULL,
            stored INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            UNIQUE (tenant, id)
        );
        CREATE TABLE received_events (
            tenant TEXT NOT NULL,
            client_id TEXT NOT NULL,
            type TEXT NOT NULL,
            source TEXT NOT NULL,
            event_id TEXT NOT NULL,
            body TEXT NOT NULL,
            received INTEGER NOT NULL,
            PRIMARY KEY (tenant, source, event_id)
        );
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL,
            client_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            not_before INTEGER NOT NULL,
            state TEXT NOT NULL,
            last_error TEXT,
            created INTEGER NOT NULL
        );
        CREATE INDEX outbox_due ON outbox (state, not_before);
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time INTEGER NOT NULL,
            tenant TEXT NOT NULL,
            actor TEXT NOT NULL,
            ecosystem TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE INDEX audit_tenant ON audit (tenant, id);
        """,
        """
        CREATE TABLE relay_requests (
            id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL REFERENCES tenants(name),
            state TEXT NOT NULL,
            finished INTEGER NOT NULL DEFAULT 0,
            version INTEGER NOT NULL,
            deadline INTEGER NOT NULL,
            received INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            snapshot TEXT NOT NULL
        );
        CREATE INDEX relay_unfinished ON relay_requests (finished, received);
        CREATE TABLE relay_transitions (
            request_id TEXT NOT NULL REFERENCES relay_requests(id),
            version INTEGER NOT NULL,
            time INTEGER NOT NULL,
            from_state TEXT NOT NULL,
            to_state TEXT NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (request_id, version)
        );
        CREATE TABLE partners (
            tenant TEXT NOT NULL REFERENCES tenants(name),
            name TEXT NOT NULL,
            ecosystem TEXT NOT NULL,
            base_url TEXT NOT NULL,
            pact_client_id TEXT,
            bpn TEXT,
            corporate_number TEXT,
            model TEXT NOT NULL,
            inbound_client_id TEXT,
            outbound_client_id TEXT,
            outbound_secret_env TEXT,
            outbound_api_key_env TEXT,
            created INTEGER NOT NULL,
            PRIMARY KEY (tenant, name)
        );
        """,
        """
        CREATE TABLE IF NOT EXISTS ouranos_parts (
            trace_id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL REFERENCES tenants(name),
            operator_id TEXT NOT NULL,
            parent_trace_id TEXT,
            document TEXT NOT NULL,
            created INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ouranos_parts_parent ON ouranos_parts (tenant, parent_trace_id);
        CREATE TABLE IF NOT EXISTS ouranos_trades (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            trade_id TEXT NOT NULL UNIQUE,
            status_id TEXT NOT NULL UNIQUE,
            tenant TEXT NOT NULL REFERENCES tenants(name),
            relay_request_id TEXT NOT NULL,
            downstream_operator_id TEXT NOT NULL,
            upstream_operator_id TEXT NOT NULL,
            downstream_trace_id TEXT NOT NULL,
            message TEXT,
            response_due_date TEXT NOT NULL,
            created INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ouranos_trades_downstream ON ouranos_trades (tenant, downstream_operator_id, sequence);
        """,
        // A CloudEvents id is unique per source, and two clients of one tenant may name the same
        // source (the PACT specification's own example): an event is one client's.
        """
        CREATE TABLE received_events_of_clients (
            tenant TEXT NOT NULL,
            client_id TEXT NOT NULL,
            type TEXT NOT NULL,
            source TEXT NOT NULL,
            event_id TEXT NOT NULL,
            body TEXT NOT NULL,
            received INTEGER NOT NULL,
            PRIMARY KEY (tenant, client_id, source, event_id)
        );
        INSERT INTO received_events_of_clients SELECT tenant, client_id, type, source, event_id, body, received FROM received_events;
        DROP TABLE received_events;
        ALTER TABLE received_events_of_clients RENAME TO received_events;
        """,
        // Which stored footprints name which in their precedingPfIds: an import looks up a
        // footprint's successors by this index instead of reading every document of the tenant.
        """
        CREATE TABLE footprint_predecessors (
            tenant TEXT NOT NULL,
            predecessor_id TEXT NOT NULL,
            footprint_id TEXT NOT NULL,
            PRIMARY KEY (tenant, predecessor_id, footprint_id)
        );
        INSERT OR IGNORE INTO footprint_predecessors
            SELECT footprints.tenant, predecessors.value, footprints.id
            FROM footprints, json_each(CASE WHEN json_valid(footprints.document) THEN footprints.document ELSE '{}' END, '$.precedingPfIds') AS predecessors
            WHERE predecessors.type = 'text';
        """,
        // The trade requests the gateway opened at Ouranos partners for relay requests it still
        // fetches: a retry after a restart polls the same trade instead of opening another.
        """
        CREATE TABLE ouranos_opened_trades (
            relay_request_id TEXT NOT NULL,
            partner TEXT NOT NULL,
            status_id TEXT NOT NULL,
            trace_id TEXT NOT NULL,
            supplier TEXT NOT NULL,
            product_id TEXT NOT NULL,
            started INTEGER NOT NULL,
            PRIMARY KEY (relay_request_id, partner)
        );
        CREATE INDEX ouranos_opened_trades_started ON ouranos_opened_trades (started);
        """,
        // The Catena-X update publisher reads the requests delivered since its last look every few
        // seconds: found by this index rather than by reading every request.
        """
        CREATE INDEX relay_finished_by_state ON relay_requests (tenant, state, updated) WHERE finished = 1;
        """,
        // Messages to one receiver about one request (a Catena-X answer and its updates) go out in
        // the order they were enqueued: each waits while an earlier one of its ordering key is pending.
        """
        ALTER TABLE outbox ADD COLUMN ordering_key TEXT;
        CREATE INDEX outbox_ordering ON outbox (tenant, client_id, ordering_key, id) WHERE ordering_key IS NOT NULL AND state = 'pending';
        """,
        // A message given up is audited under the exchange it answers.
        """
        ALTER TABLE outbox ADD COLUMN audit_subject TEXT;
        """,
        // `audit show` finds a subject's entries by this index rather than reading the table.
        """
        CREATE INDEX audit_by_subject ON audit (subject, time, id);
        """,
        // An answer carrying footprints records the usage policies it was released under, so that
        // one still queued when they change is not sent (see `policyFingerprint`).
        """
        ALTER TABLE outbox ADD COLUMN policy_fingerprint TEXT;
        """,
    ]
}
