/// The tenants, API clients and partners a ``SQLiteStore`` has read, kept in memory so that the
/// checks every request makes (who is this client, which partner has this BPN) do no SQL.
///
/// The store drops an entry whenever it writes the row behind it, and drops everything when
/// another connection changed the database file (SQLite's `PRAGMA data_version`), which is how a
/// partner or client the command line removes while the gateway runs is refused at once.
struct SQLiteRegistryCache {
    /// The `data_version` the entries were read at.
    var dataVersion: Int64?
    var tenants: [Tenant]?
    /// Per client id, the client; `nil` records a lookup that found none.
    var clients: [String: APIClient?] = [:]
    /// Per tenant, its partners by name.
    var partners: [String: [StoredPartner]] = [:]

    /// Drops every entry when the file's `data_version` is not the one the entries were read at.
    mutating func validate(dataVersion current: Int64) {
        guard current != dataVersion else { return }
        self = SQLiteRegistryCache(dataVersion: current)
    }

    /// Drops every entry.
    mutating func clear() {
        self = SQLiteRegistryCache(dataVersion: dataVersion)
    }
}
