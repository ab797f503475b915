import ArgumentParser
import Foundation
import TsunaguGateway
import TsunaguCore
import TsunaguStore

/// `tsunagu store`: upkeep of the gateway's store.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Upkeep of the gateway's store.", subcommands: [Prune.self, Backup.self, Check.self, Restore.self]
    )

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove what the gateway no longer needs from before a cutoff (run with the gateway stopped).",
            discussion: """
                Removes outbox messages delivered or given up, received PACT events, and finished relay \
                requests last changed before the cutoff, with their transitions and Ouranos trades; with \
                --audit, audit entries too. Pending messages, unfinished requests, footprints, parts, \
                partners, clients and tenants stay. After the cutoff, a partner repeating an old event or \
                request gets it answered again, and a Catena-X requester of a pruned request gets no more \
                updates. The command takes the data folder's lock, so it refuses to run while a gateway \
                serves the folder (and a gateway cannot start while it runs).
                """
        )
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("older-than"), help: "Remove what is older than this many days (at least 1).")
        var days: Int
        @Flag(help: "Also remove audit entries older than the cutoff (keep them as long as your rules require).")
        var audit = false
        @Flag(help: "Then rewrite the database file to give the freed space back (takes as long as copying it).")
        var vacuum = false
        @Flag(name: .customLong("dry-run"), help: "Only count what would be removed.")
        var dryRun = false

        func validate() throws {
            guard (1...36_500).contains(days) else { throw ValidationError("--older-than must be 1 to 36500 days, found \(days)") }
        }

        func run() async throws {
            // The lock first, as a gateway takes it: opening the store migrates its schema, which
            // must not happen under a running gateway either.
            let lock = try store.lockDataFolder()
            defer { lock.release() }
            let database = try store.openStore()
            let cutoff = Date().addingTimeInterval(-Double(days) * 86_400)
            let counts = try await database.prune(before: cutoff, audit: audit, dryRun: dryRun)
            let verb = dryRun ? "would remove" : "removed"
            print("\(verb) from before \(Timestamp.format(cutoff)):")
            print("  \(counts.outboxMessages) outbox messages (delivered or given up)")
            print("  \(counts.receivedEvents) received events")
            print("  \(counts.relayRequests) finished relay requests, \(counts.relayTransitions) transitions, \(counts.ouranosTrades) Ouranos trades")
            print(audit ? "  \(counts.auditEntries) audit entries" : "  no audit entries (give --audit to remove them)")
            if !dryRun {
                // The trail records that part of it, and of what it explains, was removed.
                try await database.appendAudit(AuditEntry(
                    time: Date(), tenant: "", actor: "operator", ecosystem: "store", action: "store.pruned", subject: Timestamp.format(cutoff),
                    detail: [
                        "before": .string(Timestamp.format(cutoff)), "outboxMessages": .number(JSONNumber(counts.outboxMessages)),
                        "receivedEvents": .number(JSONNumber(counts.receivedEvents)), "relayRequests": .number(JSONNumber(counts.relayRequests)),
                        "auditEntries": .number(JSONNumber(counts.auditEntries)),
                    ]))
            }
            if vacuum && !dryRun {
                try await database.vacuum()
                print("database file rewritten")
            }
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the gateway's store into a new file (a gateway may go on serving meanwhile).",
            discussion: """
                Writes one snapshot of the store's last commit into FILE, checks it, and syncs it to disk \
                before it takes that name. The gateway's other state is not in the store: keep a copy of \
                the data folder's keys/ (the token signing key; without it, issued tokens stop working) \
                and routing/ too, and of your configuration and Policies/ folder.
                """
        )
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("to"), help: "The backup file to write (it must not exist yet).")
        var destination: String

        func run() async throws {
            let path = (store.dataDirectory as NSString).appendingPathComponent("tsunagu.sqlite")
            let summary: SQLiteBackup.Summary
            do {
                summary = try SQLiteBackup.copy(storeAt: path, to: destination)
            } catch {
                throw CommandFailure(error.message)
            }
            print("backed up \(path) to \(destination)")
            print(Check.describe(summary))
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a backup (or a store) is whole and can be restored by this Tsunagu, and say what it holds."
        )
        @Argument(help: "The backup or store file.")
        var file: String

        func run() async throws {
            do {
                print(Self.describe(try SQLiteBackup.inspect(file)))
            } catch {
                throw CommandFailure(error.message)
            }
        }

        static func describe(_ summary: SQLiteBackup.Summary) -> String {
            let unreadable = summary.unreadableFootprints.isEmpty ? "" : """

                  \(summary.unreadableFootprints.count) stored footprints cannot be read and are not served: rows \(summary.unreadableFootprints.prefix(20).map(String.init).joined(separator: ", ")) (restore a backup, or import their files again)
                """
            return """
                  schema \(summary.schemaVersion), \(summary.bytes) bytes, intact
                  \(summary.tenants) tenants, \(summary.footprints) footprints, \(summary.auditEntries) audit entries
                  \(summary.pendingMessages) outbox messages pending, \(summary.unfinishedRelayRequests) relay requests under way
                """ + unreadable
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a backup in place of the gateway's store (run with the gateway stopped).",
            discussion: """
                Checks the backup first and changes nothing when it is not a whole Tsunagu store. The store \
                it replaces is kept beside it as tsunagu.sqlite.replaced-<time>. A backup from an older \
                Tsunagu is brought up to this one's schema. Pending outbox messages and relay requests \
                under way in the backup are sent and resumed when the gateway starts again: partners may \
                receive an answer twice. The command takes the data folder's lock, so it refuses to run \
                while a gateway serves the folder.
                """
        )
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("from"), help: "The backup file to restore.")
        var backup: String

        func run() async throws {
            let lock = try store.lockDataFolder()
            defer { lock.release() }
            let path = (store.dataDirectory as NSString).appendingPathComponent("tsunagu.sqlite")
            let restored: (summary: SQLiteBackup.Summary, replaced: String?)
            do {
                restored = try SQLiteBackup.restore(backup, toStoreAt: path, now: Date())
            } catch {
                throw CommandFailure(error.message)
            }
            print("restored \(backup) into \(path)")
            print(Check.describe(restored.summary))
            if let replaced = restored.replaced { print("the store it replaced is kept as \(replaced)") }
        }
    }
}
