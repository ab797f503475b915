import ArgumentParser

struct FootprintsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "footprints", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'footprints' is not built yet")
    }
}
