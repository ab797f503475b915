import ArgumentParser

struct MapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "map", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'map' is not built yet")
    }
}
