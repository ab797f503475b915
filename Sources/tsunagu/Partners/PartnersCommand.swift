import ArgumentParser
import Foundation
import TsunaguCore
import TsunaguRelay
import TsunaguStore

/// `tsunagu partners`: the partner registry of a tenant.
struct PartnersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partners",
        abstract: "Add, list and remove the partners a tenant exchanges footprints with, and check routing files.",
        subcommands: [Add.self, Apply.self, List.self, Remove.self, CheckRouting.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a partner.",
            discussion: "Secrets are never stored: --outbound-secret-env and --outbound-api-key-env name environment variables."
        )
        @OptionGroup var store: PartnerStoreOptions
        @Option(help: "The partner's name, unique within the tenant.") var name: String
        @Option(help: "pact, catenax or ouranos.") var ecosystem: String
        @Option(help: "The base URL of the partner's API.") var baseURL: String
        @Option(help: "The data model version it speaks, e.g. pact@3.0.0, catenax-pcf@9.0.0, ouranos-cfp@3.0.0.") var model: String
        @Option(help: "Its PACT client id.") var pactClientId: String?
        @Option(help: "Its Catena-X BPN (BPNL + 12 characters).") var bpn: String?
        @Option(help: "Its Japanese corporate number (13 digits).") var corporateNumber: String?
        @Option(help: "The API client id it uses to call this gateway.") var inboundClientId: String?
        @Option(help: "The client id the gateway presents to it.") var outboundClientId: String?
        @Option(help: "The environment variable holding the outbound secret.") var outboundSecretEnv: String?
        @Option(help: "The environment variable holding an outbound API key.") var outboundApiKeyEnv: String?

        func run() async throws {
            guard let ecosystem = DataEcosystem(rawValue: ecosystem) else {
                throw ValidationError("'\(self.ecosystem)' is not an ecosystem: use pact, catenax or ouranos")
            }
            let partner: Partner
            do {
                partner = try Partner(
                    name: name, tenant: store.tenant, ecosystem: ecosystem, baseURL: baseURL, pactClientID: pactClientId, bpn: bpn,
                    corporateNumber: corporateNumber, model: model, inboundClientID: inboundClientId,
                    outbound: OutboundCredentials(clientID: outboundClientId, secretVariable: outboundSecretEnv, apiKeyVariable: outboundApiKeyEnv)
                )
            } catch {
                throw ValidationError(error.description)
            }
            try await store.openStore().addPartner(partner.stored(created: Date()))
            print("Added partner '\(partner.name)' (\(partner.ecosystem.rawValue), \(partner.model)) to tenant '\(store.tenant)'")
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update the partners a file declares (see docs/RELAY.md); every problem of the file is listed first and nothing is written unless all are fixed."
        )
        @OptionGroup var store: PartnerStoreOptions
        @Flag(help: "Also remove the tenant's partners the file does not declare.") var prune = false
        @Argument(help: "A YAML or JSON partner file.") var file: String

        func run() async throws {
            let partners: [Partner]
            do {
                partners = try PartnerFile.load(path: file, tenant: store.tenant)
            } catch {
                for problem in error.diagnostics { print(problem) }
                throw ExitCode.failure
            }
            let database = try await store.openStore()
            let changes: [PartnerChange]
            do {
                changes = try await database.applyPartners(partners.map { $0.stored(created: Date()) }, tenant: store.tenant, pruning: prune)
            } catch {
                throw CommandFailure("\(file) was not applied, nothing changed: \(error)")
            }
            let byName = Dictionary(partners.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for change in changes {
                switch change {
                case .added(let name): print("added   \(name)\(Self.kind(byName[name]))")
                case .updated(let name): print("updated \(name)\(Self.kind(byName[name]))")
                case .removed(let name): print("removed \(name)")
                }
            }
        }

        private static func kind(_ partner: Partner?) -> String {
            partner.map { " (\($0.ecosystem.rawValue), \($0.model))" } ?? ""
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's partners.")
        @OptionGroup var store: PartnerStoreOptions

        func run() async throws {
            for partner in try await store.openStore().partners(ofTenant: store.tenant) {
                let identifiers = [partner.pactClientID.map { "pact:\($0)" }, partner.bpn, partner.corporateNumber.map { "jp:\($0)" }]
                    .compactMap { $0 }.joined(separator: ",")
                let secrets = [partner.outboundSecretVariable, partner.outboundAPIKeyVariable].compactMap { $0.map { "$\($0)" } }
                    .joined(separator: ",")
                print([partner.name, partner.ecosystem, partner.model, partner.baseURL, identifiers.isEmpty ? "-" : identifiers, secrets.isEmpty ? "-" : secrets]
                    .joined(separator: "\t"))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a partner.",
            discussion: "A partner the tenant's routing file (<data>/routing/<tenant>.yaml) still names is not removed without --force: every request routed to it would be refused."
        )
        @OptionGroup var store: PartnerStoreOptions
        @Argument(help: "The partner's name.") var name: String
        @Flag(help: "Remove the partner even though the tenant's routing file still names it.") var force = false

        func run() async throws {
            let opened = try await store.openStore()
            if !force, let file = routingFile(), let rules = try? RoutingRules.load(path: file) {
                let named = rules.rules.filter { $0.source == .partner(name) }.count + (rules.fallback == .partner(name) ? 1 : 0)
                if named > 0 {
                    throw CommandFailure(
                        "the routing file \(file) still sends requests to partner '\(name)' (\(named) rule(s)): change the routing first (then SIGHUP the gateway), or give --force")
                }
            }
            try await opened.removePartner(named: name, tenant: store.tenant)
            print("Removed partner '\(name)' from tenant '\(store.tenant)'")
        }

        /// The tenant's routing file in the data folder's routing folder, if there is one.
        private func routingFile() -> String? {
            let folder = (store.dataDirectory as NSString).appendingPathComponent("routing")
            return ["yaml", "yml", "json"].map { (folder as NSString).appendingPathComponent("\(store.tenant).\($0)") }
                .first { FileManager.default.fileExists(atPath: $0) }
        }
    }

    struct CheckRouting: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-routing", abstract: "Check a routing file (YAML or JSON) against the tenant's partners."
        )
        @OptionGroup var store: PartnerStoreOptions
        @Argument(help: "The routing file.") var file: String

        func run() async throws {
            let partners = Set(try await store.openStore().partners(ofTenant: store.tenant).map(\.name))
            do {
                let rules = try RoutingRules.load(path: file, knownPartners: partners)
                for rule in rules.rules {
                    let criteria = [
                        rule.productIDPrefix.map { "productIdPrefix=\($0)" }, rule.companyID.map { "companyId=\($0)" },
                        rule.classification.map { "classification=\($0)" },
                    ].compactMap { $0 }.joined(separator: " ")
                    print("\(rule.origin ?? file)\t\(criteria)\t→ \(rule.source)")
                }
                print("otherwise\t→ \(rules.fallback.map(\.description) ?? "refused as not found")")
            } catch {
                throw ValidationError(error.description)
            }
        }
    }
}
