import ArgumentParser
import Foundation
import TsunaguCore
import TsunaguRelay
import TsunaguStore

/// `tsunagu audit`: what the gateway released, refused and relayed, read from its store.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read the audit trail: releases, refusals and every hop of every relayed request.",
        subcommands: [List.self, Show.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the newest audit entries.")
        @Option(name: .customLong("data"), help: "The data folder of the gateway.") var dataDirectory = "data"
        @Option(help: "Only this tenant's entries.") var tenant: String?
        @Option(help: "Only this action (release, withhold, relay.delivered); ending in '.' or '*', every action starting so (relay., release*).")
        var action: String?
        @Option(help: "Only entries recorded at or after this time (2026-11-30T09:00:00Z, or a UTC date: 2026-11-30).") var since: String?
        @Option(help: "Only entries recorded before this time (as --since).") var until: String?
        @Option(help: "How many entries to read.") var limit = 50
        @Flag(help: "Print JSON lines instead of a table.") var json = false

        func validate() throws {
            guard limit >= 1 else { throw ValidationError("--limit must be at least 1, found \(limit)") }
            if let action, action.isEmpty || action == "*" { throw ValidationError("--action needs an action or the start of one, such as relay. or release") }
            let (from, to) = try window()
            if let from, let to, from >= to {
                throw ValidationError("--since (\(Timestamp.format(from))) must be before --until (\(Timestamp.format(to)))")
            }
        }

        /// The query the options ask for.
        var query: AuditQuery {
            get throws {
                let (from, to) = try window()
                return AuditQuery(tenant: tenant, action: action.map(Self.filter), since: from, until: to, limit: limit)
            }
        }

        private func window() throws -> (since: Date?, until: Date?) {
            (try since.map { try Self.time($0, option: "--since") }, try until.map { try Self.time($0, option: "--until") })
        }

        /// `relay.` and `release*` ask for every action starting so; anything else for one action.
        static func filter(_ action: String) -> AuditQuery.ActionFilter {
            if action.hasSuffix("*") { return .startingWith(String(action.dropLast())) }
            return action.hasSuffix(".") ? .startingWith(action) : .exactly(action)
        }

        /// An RFC 3339 time, or a date taken as its first instant in UTC.
        static func time(_ text: String, option: String) throws -> Date {
            if let time = Timestamp.parse(text) { return time }
            throw ValidationError("\(option) must be a time such as 2026-11-30T09:00:00Z or a date such as 2026-11-30, found '\(text)'")
        }

        func run() async throws {
            // A mistyped tenant is said, not answered with an empty list.
            let store = if let tenant { try await StoreOpening.open(dataDirectory: dataDirectory, tenant: tenant) } else { try AuditStore.open(dataDirectory) }
            let entries = try await store.auditEntries(matching: try query)
            for entry in entries.reversed() {
                print(json ? AuditStore.json(entry).jsonText : AuditStore.line(entry))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one relayed request (or any audited subject): its state, every hop and the audit entries about it."
        )
        @Option(name: .customLong("data"), help: "The data folder of the gateway.") var dataDirectory = "data"
        @Argument(help: "A relay request id, footprint id or event id.") var subject: String
        @Flag(help: "Print JSON instead of text.") var json = false

        func run() async throws {
            let store = try AuditStore.open(dataDirectory)
            let entries = try await store.auditEntries(subject: subject)
            let stored = try await store.relayRequest(id: subject)
            let transitions = try await store.relayTransitions(requestID: subject)
            guard stored != nil || !entries.isEmpty else { throw CommandFailure("nothing is recorded about '\(subject)' in \(dataDirectory)") }
            let request = stored.flatMap { try? RelayRequest(stored: $0) }
            if json {
                var document: JSONObject = ["subject": .string(subject), "audit": .array(entries.map(AuditStore.json))]
                if let request { document["relay"] = AuditStore.json(request, version: stored?.version ?? 0) }
                document["transitions"] = .array(transitions.map(AuditStore.json))
                print(JSONValue.object(document).jsonText)
                return
            }
            if let request {
                print("relay request \(request.id) (tenant \(request.tenant)) — \(request.state.name)")
                print("  asked by   \(request.requester.identity) over \(request.requester.protocol.rawValue), answer as \(request.requester.model)")
                print("  product    \(request.query.productIDs.joined(separator: ", "))")
                print("  received   \(Timestamp.format(request.received)), deadline \(Timestamp.format(request.deadline))")
                if let rejection = request.state.rejection {
                    print("  outcome    \(rejection.reason.rawValue): \(rejection.message)")
                    if let audit = rejection.audit { print("  why        \(audit.jsonText)") }
                }
                print("hops:")
                for transition in transitions {
                    print("  \(Timestamp.format(transition.time))  \(transition.from) → \(transition.to)  \(transition.detail)")
                }
            }
            if !entries.isEmpty { print("audit entries:") }
            for entry in entries { print("  " + AuditStore.line(entry)) }
            // An event relayed on names its relay request, whose hops are recorded under that id.
            for relayed in Set(entries.compactMap { $0.detail["relayRequest"]?.stringValue }).sorted() where relayed != subject {
                print("relayed as \(relayed): tsunagu audit show --data \(dataDirectory) \(relayed)")
            }
        }
    }
}

/// Opening the gateway's store for reading the audit trail, and printing what it holds.
enum AuditStore {
    static func open(_ dataDirectory: String) throws -> SQLiteStore {
        try StoreOpening.open(dataDirectory: dataDirectory, creating: false)
    }

    static func line(_ entry: AuditEntry) -> String {
        "\(Timestamp.format(entry.time))  \(entry.tenant)  \(entry.ecosystem)  \(entry.actor)  \(entry.action)  \(entry.subject)  \(entry.detail.jsonText)"
    }

    static func json(_ entry: AuditEntry) -> JSONValue {
        [
            "id": .number(JSONNumber(Int(entry.id))), "time": .string(Timestamp.format(entry.time)), "tenant": .string(entry.tenant), "ecosystem": .string(entry.ecosystem),
            "actor": .string(entry.actor), "action": .string(entry.action), "subject": .string(entry.subject), "detail": entry.detail,
        ]
    }

    static func json(_ transition: RelayTransitionRecord) -> JSONValue {
        [
            "time": .string(Timestamp.format(transition.time)), "from": .string(transition.from), "to": .string(transition.to),
            "detail": (try? JSONParser().parse(transition.detail)) ?? .string(transition.detail),
        ]
    }

    static func json(_ request: RelayRequest, version: Int64) -> JSONValue {
        var json: JSONObject = [
            "id": .string(request.id), "tenant": .string(request.tenant), "state": .string(request.state.name),
            "requester": .string(request.requester.identity), "protocol": .string(request.requester.protocol.rawValue),
            "model": .string(request.requester.model.description), "productIds": .array(request.query.productIDs.map(JSONValue.string)),
            "received": .string(Timestamp.format(request.received)), "deadline": .string(Timestamp.format(request.deadline)),
            "version": .number(JSONNumber(Int(version))),
        ]
        if let rejection = request.state.rejection {
            var outcome: JSONObject = ["reason": .string(rejection.reason.rawValue), "message": .string(rejection.message)]
            if let audit = rejection.audit { outcome["audit"] = audit }
            json["outcome"] = .object(outcome)
        }
        return .object(json)
    }
}
