import ArgumentParser

struct MappingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mappings", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'mappings' is not built yet")
    }
}
