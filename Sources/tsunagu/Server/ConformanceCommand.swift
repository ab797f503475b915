import ArgumentParser

struct ConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "conformance", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'conformance' is not built yet")
    }
}
