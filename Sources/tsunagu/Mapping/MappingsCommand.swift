import ArgumentParser
import TsunaguCore
import TsunaguMapping
import TsunaguSchema

/// `tsunagu mappings`: test and list the mapping files.
struct MappingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mappings",
        abstract: "Test and list the mapping files.",
        subcommands: [MappingsTestCommand.self, MappingsListCommand.self]
    )
}

/// `tsunagu mappings test [DIR]`.
struct MappingsTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every mapping's examples and fixtures; non-zero exit on any failure or unexplained loss.",
        discussion: "Also checks every path the rules read and write against the JSON Schemas of the two models (schemas/ in the directory)."
    )

    @Argument(help: "The directory of mapping files.")
    var directory: String = "Mappings"

    @Flag(name: .long, help: "List every loss-report entry, explained ones too.")
    var verbose = false

    func run() async throws {
        let catalog: MappingCatalog
        do {
            catalog = try MappingCatalog.load(directory: directory)
        } catch {
            throw CommandFailure("the mapping files in \(directory) have problems:\n\(error.description)")
        }
        let results = MappingTestRunner.run(catalog)
        let header = ["mapping", "passed", "failed", "losses", "unexplained", "file"]
        var rows: [[String]] = []
        for result in results {
            rows.append([
                result.mapping.description, String(result.passed), String(result.failures.count),
                String(result.losses.count), String(result.unexplained.count), result.file,
            ])
        }
        print(Table.render(header: header, rows: rows))
        var failed = false
        for result in results {
            for failure in result.failures {
                print("FAIL \(result.mapping) \(result.file):\(failure)")
                failed = true
            }
            for entry in result.losses where verbose || entry.explanation == nil {
                print("\(entry.explanation == nil ? "UNEXPLAINED" : "loss") \(entry)")
                if entry.explanation == nil { failed = true }
            }
            if result.passed + result.failures.count == 0 {
                print("NOTE \(result.mapping) has no examples")
            }
        }
        let schemas: SchemaRegistry
        do {
            schemas = try SchemaRegistry.load(directory: directory)
        } catch {
            throw CommandFailure("the JSON Schemas in \(directory) have problems:\n\(error.description)")
        }
        let check = MappingSchemaCheck.problems(in: catalog, schemas: schemas)
        for problem in check.problems {
            print("SCHEMA \(problem)")
            failed = true
        }
        for model in check.unchecked.sorted() {
            print("NOTE no JSON Schema for \(model): the paths of its mappings are not checked")
        }
        if failed { throw ExitCode.failure }
    }
}

/// `tsunagu mappings list`.
struct MappingsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Show the models, the direct mappings and the composed routes.")

    @Option(name: .long, help: "The directory of mapping files.")
    var mappings: String = "Mappings"

    func run() async throws {
        let catalog: MappingCatalog
        do {
            catalog = try MappingCatalog.load(directory: mappings)
        } catch {
            throw CommandFailure("the mapping files in \(mappings) have problems:\n\(error.description)")
        }
        let models = catalog.models
        print("models: \(models.map(\.description).joined(separator: ", "))")
        print("\ndirect mappings:")
        for id in catalog.plans.keys.sorted() {
            guard let plan = catalog.plans[id] else { continue }
            print("  \(id)  \(plan.file)  \(plan.contentHash)")
        }
        print("\ncomposed routes (through \(MappingCatalog.pivot)):")
        for source in models {
            for target in models where source != target {
                guard let route = catalog.route(from: source, to: target), route.count > 1 else { continue }
                print("  \(source) -> \(target): \(route.map(\.description).joined(separator: ", "))")
            }
        }
        let unreachable = models.flatMap { source in models.filter { $0 != source && catalog.route(from: source, to: $0) == nil }.map { "\(source) -> \($0)" } }
        if !unreachable.isEmpty {
            print("\nno route: \(unreachable.joined(separator: ", "))")
        }
    }
}

/// A plain text table with aligned columns.
enum Table {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
