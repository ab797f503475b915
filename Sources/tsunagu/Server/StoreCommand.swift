import ArgumentParser
import Foundation
import TsunaguGateway
import TsunaguCore
import TsunaguStore

/// `tsunagu store`: upkeep of the gateway's store.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Upkeep of the gateway's store.", subcommands: [Prune.self]
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
            guard FileManager.default.fileExists(atPath: store.dataDirectory) else {
                throw ValidationError("no data folder \(store.dataDirectory): give --data the gateway's data folder")
            }
            let lock: DataDirectoryLock
            do {
                lock = try DataDirectoryLock(directory: store.dataDirectory)
            } catch {
                throw ValidationError("\(error)")
            }
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
            if vacuum && !dryRun {
                try await database.vacuum()
                print("database file rewritten")
            }
        }
    }
}
