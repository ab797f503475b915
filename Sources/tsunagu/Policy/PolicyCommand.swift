import ArgumentParser
import Foundation
import TsunaguCore
import TsunaguPolicy

/// `tsunagu policy`: evaluate, test and check usage policies.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Evaluate, test and check usage policies (ODRL JSON-LD or compact YAML).",
        subcommands: [Eval.self, Test.self, Check.self]
    )

    /// Prints diagnostics to standard error.
    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8)) }
    }

    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the decision JSON for one request (format in Policies/README.md).")

        @Option(help: "The policy directory.")
        var policies = "Policies"

        @Option(help: "The request file (JSON, or YAML when it ends in .yaml/.yml).")
        var request: String

        func run() async throws {
            let set: PolicySet
            do {
                set = try PolicySet.load(directory: policies)
            } catch {
                PolicyCommand.report(error.diagnostics)
                throw ExitCode(2)
            }
            guard let data = FileManager.default.contents(atPath: request), let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("cannot read \(request)")
            }
            do {
                let isYAML = request.hasSuffix(".yaml") || request.hasSuffix(".yml")
                let decisionRequest = try DecisionRequest(text: text, isYAML: isYAML, defaultTime: Date())
                print(JSONWriter(pretty: true).string(set.decide(decisionRequest).json))
            } catch {
                PolicyCommand.report(error.diagnostics.map { $0.located(in: request) })
                throw ExitCode(2)
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the policy test files (*.tests.yaml) in a directory and print a table; exit 1 on any failure.")

        @Argument(help: "The policy directory.")
        var directory = "Policies"

        func run() async throws {
            let results: [PolicyTestResult]
            do {
                results = try PolicyTestSuite.run(directory: directory)
            } catch {
                PolicyCommand.report(error.diagnostics)
                throw ExitCode(2)
            }
            let fileWidth = max(4, results.map(\.file.count).max() ?? 0)
            let nameWidth = max(4, results.map(\.name.count).max() ?? 0)
            let expectedWidth = max(8, results.map(\.expected.count).max() ?? 0)
            let actualWidth = max(6, results.map(\.actual.count).max() ?? 0)
            func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
            print("\(pad("file", fileWidth))  \(pad("case", nameWidth))  \(pad("expected", expectedWidth))  \(pad("actual", actualWidth))  result")
            for result in results {
                print("\(pad(result.file, fileWidth))  \(pad(result.name, nameWidth))  \(pad(result.expected, expectedWidth))  \(pad(result.actual, actualWidth))  \(result.passed ? "pass" : "FAIL")")
                for problem in result.problems { print("    \(problem)") }
            }
            let failed = results.filter { !$0.passed }.count
            print("\(results.count) cases, \(results.count - failed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(1) }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate every policy file in a directory and list every problem.")

        @Argument(help: "The policy directory.")
        var directory = "Policies"

        func run() async throws {
            let (set, diagnostics) = PolicySet.check(directory: directory)
            PolicyCommand.report(diagnostics)
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            if let set {
                print("\(set.policyCount) policies: OK (\(warnings) warnings)")
            } else {
                print("\(errors) errors")
                throw ExitCode(1)
            }
        }
    }
}
