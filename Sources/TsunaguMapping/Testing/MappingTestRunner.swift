import Foundation
import TsunaguCore

/// The outcome of one mapping's examples.
public struct MappingTestResult: Sendable {
    /// One example that did not give what it expects.
    public struct Failure: Sendable, CustomStringConvertible {
        /// The example's name.
        public let example: String
        /// The line of the example in the mapping file.
        public let line: Int
        /// What differed or failed.
        public let message: String

        public var description: String { "line \(line): \(example): \(message)" }
    }

    /// The mapping tested.
    public let mapping: MappingID
    /// Its file.
    public let file: String
    /// Examples that gave their expected output (and round trip, when asked).
    public let passed: Int
    /// Examples that did not.
    public let failures: [Failure]
    /// Loss-report entries seen over the examples, as pointer patterns (`*` for array indices).
    public let losses: [LossReport.Entry]

    /// Loss entries no `drops`/`requires` reason explains.
    public var unexplained: [LossReport.Entry] { losses.filter { $0.explanation == nil } }
}

/// Runs the examples of every mapping of a catalog.
public enum MappingTestRunner {
    /// Runs every example of every mapping in `catalog`, in file order.
    public static func run(_ catalog: MappingCatalog) -> [MappingTestResult] {
        catalog.plans.values.sorted { $0.file < $1.file }.map { run($0, in: catalog) }
    }

    /// Runs the examples of `plan`, translating round trips with `catalog`.
    public static func run(_ plan: MappingPlan, in catalog: MappingCatalog) -> MappingTestResult {
        var passed = 0
        var failures: [MappingTestResult.Failure] = []
        var losses: [String: LossReport.Entry] = [:]
        let directory = (plan.file as NSString).deletingLastPathComponent
        let reverse = catalog.plans[MappingID(source: plan.id.target, target: plan.id.source)]
        for example in plan.examples {
            func fail(_ message: String) {
                failures.append(.init(example: example.name, line: example.line, message: message))
            }
            let input: JSONValue
            let expected: JSONValue
            do {
                input = try document(example.input, directory: directory)
                expected = try document(example.output, directory: directory)
            } catch {
                fail(error.description)
                continue
            }
            do throws(MappingError) {
                let result = try plan.translate(input, reverse: reverse, carrying: true, context: example.context)
                for entry in result.losses.unmapped + result.losses.unfilled {
                    let pattern = LossReport.Entry(
                        mapping: entry.mapping, pointer: pattern(of: entry.pointer), kind: entry.kind, explanation: entry.explanation)
                    losses[pattern.pointer.description] = pattern
                }
                if let difference = firstDifference(expected: expected, actual: result.document) {
                    fail("output differs at \(difference)")
                    continue
                }
                if example.roundTrip {
                    let back = try catalog.translate(result.document, from: plan.id.target, to: plan.id.source, context: example.context)
                    if let difference = firstDifference(expected: input, actual: back.document) {
                        fail("round trip back to \(plan.id.source) differs at \(difference)")
                        continue
                    }
                }
                passed += 1
            } catch {
                fail(error.description)
            }
        }
        let sorted = losses.values.sorted { $0.pointer.description < $1.pointer.description }
        return MappingTestResult(mapping: plan.id, file: plan.file, passed: passed, failures: failures, losses: sorted)
    }

    struct ExampleError: Error, CustomStringConvertible {
        let description: String
    }

    static func document(_ document: ExampleDocument, directory: String) throws(ExampleError) -> JSONValue {
        switch document {
        case .inline(let value):
            return value
        case .file(let relative):
            let path = relative.hasPrefix("/") ? relative : (directory as NSString).appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ExampleError(description: "cannot read fixture \(path)")
            }
            do {
                return try JSONParser().parse(Array(data))
            } catch {
                throw ExampleError(description: "fixture \(path): \(error)")
            }
        }
    }

    /// The pointer with array indices written `*`.
    static func pattern(of pointer: JSONPointer) -> JSONPointer {
        JSONPointer(tokens: pointer.tokens.map { token in token.allSatisfy(\.isNumber) && !token.isEmpty ? "*" : token })
    }

    /// Where `actual` first differs from `expected`, with both values; `nil` when they are equal.
    public static func firstDifference(expected: JSONValue, actual: JSONValue) -> String? {
        let patch = CarryPatch.diff(original: expected, rebuilt: actual)
        if let missing = patch.writes.first {
            let pointer = JSONPointer(tokens: missing.pointer)
            let found = actual[pointer: pointer].map { clip($0.jsonText) } ?? "nothing"
            return "\(pointer.description.isEmpty ? "/" : pointer.description): expected \(clip(missing.value.jsonText)), found \(found)"
        }
        if let extra = patch.remove.first {
            let pointer = JSONPointer(tokens: extra)
            return "\(pointer): expected nothing, found \(actual[pointer: pointer].map { clip($0.jsonText) } ?? "")"
        }
        return nil
    }

    private static func clip(_ text: String) -> String {
        text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}
