import ArgumentParser
import Foundation
import TsunaguStore

/// `tsunagu tenants`: the member companies a gateway serves.
struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants", abstract: "Add and list tenants (member companies).", subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a tenant.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tenant's name (letters, digits, '-', '_', '.').")
        var name: String

        func run() async throws {
            let tenant = try await store.openStore(creating: true).addTenant(named: name, now: Date())
            print("Added tenant '\(tenant.name)'")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            for tenant in try await store.openStore().tenants() { print(tenant.name) }
        }
    }
}
