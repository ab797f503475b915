import ArgumentParser
import Foundation
import TsunaguCore
import TsunaguGateway
import TsunaguStore

/// `tsunagu footprints`: a company loads, updates and lists its own footprints.
struct FootprintsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprints", abstract: "Import and list a tenant's own footprints.", subcommands: [Import.self, List.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import footprints (PACT v3.0 or v2.x, or with --model Catena-X or Ouranos); a changed footprint supersedes the stored one (PACT lifecycle).",
            discussion: "Each file holds a footprint, an array of footprints, or a {\"data\": [...]} response. Footprints of another model than PACT v3.0 are stored in their PACT v3.0 form (what it cannot hold travels in a carry extension). Invalid footprints are refused with every problem listed; the exit status is then non-zero."
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant that owns the footprints.")
        var tenant: String
        @Option(help: "The folder of mapping files and schemas.")
        var mappings = "Mappings"
        @Option(help: "The folder of usage policies.")
        var policies = "Policies"
        @Option(help: "The model of the files, as model@version (catenax-pcf@9.0.0, ouranos-cfp@3.0.0, ...); default: PACT, by each footprint's specVersion.")
        var model: String?
        @Argument(help: "Footprint files.")
        var files: [String]

        func run() async throws {
            let rules = try GatewayRules.load(mappings: mappings, policies: policies)
            let catalog = rules.snapshot.catalog
            let importable = { (id: ModelID) in catalog.route(from: id, to: .pact3) != nil }
            let chosen = try model.map { text in
                guard let id = ModelID(text), importable(id) else {
                    let known = catalog.models.filter(importable).map(\.description).sorted()
                    throw ValidationError("--model '\(text)' is not a model this gateway maps to pact@3.0.0 (known: \(known.joined(separator: ", ")))")
                }
                return id
            }
            let store = try await store.openStore(forTenant: tenant)
            let report = await FootprintImporter(store: store, rules: rules).importFiles(files, tenant: tenant, model: chosen)
            for imported in report.imported {
                let place = imported.file + (imported.index.map { "[\($0)]" } ?? "")
                switch imported.outcome {
                case .created(let id): print("\(place): created \(id)")
                case .unchanged(let id): print("\(place): unchanged \(id)")
                case .superseded(let oldID, let newID): print("\(place): changed; stored as \(newID), \(oldID) is now Deprecated")
                case .deprecated(let id): print("\(place): \(id) is now Deprecated")
                }
                for warning in imported.warnings { print("  \(warning)") }
            }
            for refusal in report.refused {
                print("\(refusal.file + (refusal.index.map { "[\($0)]" } ?? "")): refused")
                for diagnostic in refusal.diagnostics { print("  \(diagnostic)") }
            }
            if !report.refused.isEmpty { throw ExitCode(1) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's footprints.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant.")
        var tenant: String
        @Flag(help: "Print the whole documents as JSON.")
        var json = false

        func run() async throws {
            let records = try await store.openStore(forTenant: tenant).footprints(ofTenant: tenant)
            if json {
                print(JSONWriter(pretty: true).string(.array(records.map(\.footprint.document))), terminator: "")
                return
            }
            for record in records {
                let footprint = record.footprint
                print("\(footprint.id)  \(footprint.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))  \(footprint.productIDs.joined(separator: ","))  \(footprint.companyName ?? "")")
            }
        }
    }
}
