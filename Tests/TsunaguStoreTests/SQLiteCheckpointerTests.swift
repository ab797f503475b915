import Foundation
import Testing
@testable import TsunaguStore

/// Commits no longer checkpoint the write-ahead log themselves: a second connection does it in
/// the background once the log outgrows the threshold.
@Suite struct SQLiteCheckpointerTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-checkpoint-\(UUID().uuidString).sqlite").path

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// A connection to a new database with one table, checkpointing in the background.
    private func checkpointedConnection() throws -> (SQLiteConnection, SQLiteCheckpointer) {
        let connection = try SQLiteConnection(path: path)
        try connection.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        connection.checkpointInBackground(path: path)
        return (connection, try #require(connection.checkpointer))
    }

    /// Writes `rows` rows of about 2 KB, one commit each.
    private func write(_ rows: Int, into connection: SQLiteConnection) throws {
        let filler = String(repeating: "x", count: 2_000)
        for row in 0..<rows {
            try connection.query("INSERT INTO filler (id, text) VALUES (?, ?)", [.integer(Int64(row)), .text(filler)])
        }
    }

    @Test func theLogIsCopiedIntoTheDatabaseFileInTheBackground() throws {
        let (connection, checkpointer) = try checkpointedConnection()
        let sizeBefore = fileSize(path)

        try write(1_500, into: connection)
        checkpointer.drain()

        #expect(checkpointer.completedCheckpoints >= 1)
        // Only a checkpoint writes pages into the database file; the commits wrote the log.
        #expect(fileSize(path) > sizeBefore + 1_000_000)
        #expect(try connection.query("SELECT COUNT(*) FROM filler").first?.integer(0) == 1_500)
    }

    @Test func commitsBelowTheThresholdLeaveTheDatabaseFileAlone() throws {
        let (connection, checkpointer) = try checkpointedConnection()
        let sizeBefore = fileSize(path)

        try write(200, into: connection)
        checkpointer.drain()

        #expect(checkpointer.completedCheckpoints == 0)
        #expect(fileSize(path) == sizeBefore)
    }
}
