import ArgumentParser

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'validate' is not built yet")
    }
}
