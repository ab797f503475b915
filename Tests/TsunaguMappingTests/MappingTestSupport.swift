import Foundation
import Testing
import TsunaguCore
@testable import TsunaguMapping

/// The repository root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Compiles a mapping written in a test, prefixed with a source and target.
func plan(_ body: String, source: String = "test-a@1.0.0", target: String = "test-b@1.0.0") throws -> MappingPlan {
    try MappingCatalog.compile(text: "source: \(source)\ntarget: \(target)\n" + body, file: "test.mapping.yaml")
}

/// The diagnostics of a mapping that must not compile.
func diagnostics(_ text: String) -> [Diagnostic] {
    do {
        _ = try MappingCatalog.compile(text: text, file: "bad.mapping.yaml")
        return []
    } catch {
        return error.diagnostics
    }
}

/// Parses JSON text written in a test.
func json(_ text: String) throws -> JSONValue {
    try JSONParser().parse(text)
}

/// Translates `input` (JSON text) with the plan and returns the output as compact sorted JSON.
func run(_ plan: MappingPlan, _ input: String) throws -> String {
    try plan.translate(json(input)).document.jsonText
}
