import ArgumentParser
import Foundation
import TsunaguCore
import TsunaguMapping
import TsunaguSchema

/// `tsunagu map`: translates one document between data models with the mapping files.
struct MapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Translate a footprint between data models (pact@3.0.0, pact@2.3.0, catenax-pcf@9.0.0, …).",
        discussion: """
            Prints the translated JSON on standard output and the loss report on standard error (or as \
            JSON with --report). The input is checked against the source model's JSON Schema first and \
            the output against the target's: problems are printed with their JSON Pointer, and the exit \
            status is 1 (an invalid input is not translated) unless --lenient is given.
            """
    )

    @Option(name: .long, help: "The model of the input, such as catenax-pcf@9.0.0.")
    var from: String

    @Option(name: .long, help: "The model to translate to, such as pact@3.0.0.")
    var to: String

    @Argument(help: "The input document; '-' or nothing reads standard input.")
    var file: String = "-"

    @Option(name: .long, help: "Write the loss report as JSON to this file instead of standard error.")
    var report: String?

    @Option(name: .long, help: "The directory of mapping files.")
    var mappings: String = "Mappings"

    @Flag(name: .long, help: "Indent the output.")
    var pretty = false

    @Flag(name: .long, help: "Translate an input that does not validate, and accept an output that does not; the problems are printed as warnings.")
    var lenient = false

    func run() async throws {
        guard let source = ModelID(from) else { throw ValidationError("--from '\(from)' is not of the form model@version") }
        guard let target = ModelID(to) else { throw ValidationError("--to '\(to)' is not of the form model@version") }
        let catalog: MappingCatalog
        do {
            catalog = try MappingCatalog.load(directory: mappings)
        } catch {
            throw CommandFailure("the mapping files in \(mappings) have problems:\n\(error.description)")
        }
        let bytes: [UInt8]
        if file == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read \(file)") }
            bytes = Array(data)
        }
        let document: JSONValue
        do {
            document = try JSONParser().parse(bytes)
        } catch {
            throw CommandFailure("\(file == "-" ? "standard input" : file): \(error.description)")
        }
        let name = file == "-" ? "standard input" : file
        let schemas = try SchemaCheck(directory: mappings)
        let inputErrors = schemas.check(document, model: source, named: name, lenient: lenient)
        if inputErrors > 0 && !lenient {
            throw CommandFailure("\(name) is not a valid \(source) document (\(inputErrors) error\(inputErrors == 1 ? "" : "s") above): fix it, or pass --lenient to translate it anyway")
        }
        let translation: Translation
        do {
            translation = try catalog.translate(document, from: source, to: target, context: Self.context())
        } catch {
            throw CommandFailure("cannot translate \(name) from \(source) to \(target): \(error.description)")
        }
        print(JSONWriter(pretty: pretty).string(translation.document))
        let outputErrors = schemas.check(translation.document, model: target, named: "output", lenient: lenient)
        if let report {
            var json = translation.losses.json
            if case .object(var members) = json {
                members["steps"] = .array(translation.steps.map { ["mapping": .string($0.id.description), "file": .string($0.file), "contentHash": .string($0.contentHash)] })
                json = .object(members)
            }
            guard FileManager.default.createFile(atPath: report, contents: Data(JSONWriter(pretty: true).bytes(json))) else {
                throw CommandFailure("cannot write the report to \(report)")
            }
        } else {
            FileHandle.standardError.write(Data(LossReportText.render(translation).utf8))
        }
        if outputErrors > 0 && !lenient {
            throw CommandFailure("the output is not a valid \(target) document (\(outputErrors) error\(outputErrors == 1 ? "" : "s") above): the source lacks what \(target) requires, or a mapping writes what it should not")
        }
    }
}

extension MapCommand {
    /// The values `context:` rules read: `now`, the current time in UTC to the second.
    static func context() -> [String: JSONValue] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return ["now": .string(formatter.string(from: Date()))]
    }
}

/// The loss report as text for standard error.
enum LossReportText {
    static func render(_ translation: Translation) -> String {
        var lines: [String] = []
        let route = translation.steps.map { "\($0.id) (\($0.contentHash))" }.joined(separator: ", ")
        lines.append("mappings: \(route.isEmpty ? "none (same model)" : route)")
        let losses = translation.losses
        if losses.isLossless && losses.carried.isEmpty {
            lines.append("losses: none")
        }
        for entry in losses.unmapped { lines.append("unmapped \(entry)") }
        for entry in losses.unfilled { lines.append("unfilled \(entry)") }
        for entry in losses.defaulted { lines.append("filled by default \(entry)") }
        for entry in losses.outdated { lines.append("not put back \(entry)") }
        if !losses.carried.isEmpty {
            lines.append("carried in extensions: \(losses.carried.count) field(s)")
            for entry in losses.carried { lines.append("  carried \(entry.mapping) \(entry.pointer)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
