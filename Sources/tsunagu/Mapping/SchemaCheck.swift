import Foundation
import TsunaguCore
import TsunaguSchema

/// The JSON Schema check `tsunagu map` makes of its input and its output.
struct SchemaCheck {
    let registry: SchemaRegistry
    let directory: String

    /// Loads the schemas of the mappings folder.
    init(directory: String) throws {
        self.directory = directory
        do {
            registry = try SchemaRegistry.load(directory: directory)
        } catch {
            throw CommandFailure("the JSON Schemas in \(directory) have problems:\n\(error.description)")
        }
    }

    /// Prints `document`'s problems against `model`'s schema on standard error (errors as
    /// warnings when `lenient`), or a notice when the folder has no schema for `model`.
    /// - Returns: the number of errors.
    func check(_ document: JSONValue, model: ModelID, named name: String, lenient: Bool) -> Int {
        guard registry.schema(for: model) != nil else {
            Self.printError("\(name): not checked: no JSON Schema for \(model) in \(directory)")
            return 0
        }
        let problems = registry.validateFootprint(document, model: model)
        for problem in problems {
            let shown = lenient && problem.severity == .error
                ? Diagnostic(.warning, file: problem.file, line: problem.line, pointer: problem.pointer, message: problem.message) : problem
            Self.printError(shown.located(in: name).description)
        }
        return problems.filter { $0.severity == .error }.count
    }

    private static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
