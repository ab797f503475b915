import ArgumentParser

struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tenants", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'tenants' is not built yet")
    }
}
