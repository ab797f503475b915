import ArgumentParser

struct PACTBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pact", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'pact' is not built yet")
    }
}
