import ArgumentParser
import Foundation
import TsunaguCore
import TsunaguSchema

/// `tsunagu validate`: checks a document against its data model's JSON Schema, and a footprint's
/// registered extensions against theirs and their consistency rules.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a footprint against its data model's JSON Schema and its registered extensions.",
        discussion: """
            Prints each problem with its JSON Pointer and reason. Exit status: 0 valid (warnings \
            may be printed), 1 invalid or not parsable JSON, 2 no usable schema for the model.
            """
    )

    @Option(name: .long, help: "The data model of the document, as model@version (pact@3.0.0, pact@2.3.0, ...).")
    var model: String

    @Option(name: .long, help: "The mappings folder; its JSON Schemas (schemas/, extensions/) are used.")
    var mappings: String = "Mappings"

    @Option(name: .long, help: "Load the JSON Schemas from this folder instead of the mappings folder.")
    var schemas: String?

    @Argument(help: "The JSON document to check, or - to read standard input.")
    var file: String

    func run() async throws {
        guard let modelID = ModelID(model) else {
            throw ValidationError("'\(model)' is not of the form model@version, such as pact@3.0.0")
        }
        let directory = schemas ?? mappings
        let registry: SchemaRegistry
        do {
            registry = try SchemaRegistry.load(directory: directory)
        } catch {
            for problem in error.diagnostics {
                printError(problem.file.map { problem.located(in: "\(directory)/\($0)").description } ?? problem.description)
            }
            throw ExitCode(2)
        }
        guard registry.schema(for: modelID) != nil else {
            let known = registry.models.map(\.description).joined(separator: ", ")
            printError("error: no JSON Schema for \(modelID) in \(directory) (known: \(known.isEmpty ? "none" : known))")
            throw ExitCode(2)
        }
        let name = file == "-" ? "<stdin>" : file
        let bytes: [UInt8]
        if file == "-" {
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else if let data = FileManager.default.contents(atPath: file) {
            bytes = [UInt8](data)
        } else {
            printError("\(name): error: cannot read the file")
            throw ExitCode(1)
        }
        let document: JSONValue
        do {
            document = try JSONParser().parse(bytes)
        } catch {
            printError("\(name):\(error.line):\(error.column): error: \(error.reason)")
            throw ExitCode(1)
        }
        let problems = registry.validateFootprint(document, model: modelID)
        for problem in problems { print(problem.located(in: name).description) }
        let errorCount = problems.filter { $0.severity == .error }.count
        let warningCount = problems.count - errorCount
        if errorCount > 0 {
            printError("\(name): invalid \(modelID): \(errorCount) error\(errorCount == 1 ? "" : "s"), \(warningCount) warning\(warningCount == 1 ? "" : "s")")
            throw ExitCode(1)
        }
        printError("\(name): valid \(modelID)\(warningCount > 0 ? " (\(warningCount) warning\(warningCount == 1 ? "" : "s"))" : "")")
    }

    private func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
