import ArgumentParser

struct MappingBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mapping", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'mapping' is not built yet")
    }
}
