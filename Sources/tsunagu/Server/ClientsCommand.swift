import ArgumentParser

struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clients", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'clients' is not built yet")
    }
}
