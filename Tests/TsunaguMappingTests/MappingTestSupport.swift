import Foundation
import Testing
import TsunaguCore
@testable import TsunaguMapping
import TsunaguSchema

/// The repository root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The shipped mappings (Mappings/), loaded once per test process: for tests whose outcome does not
/// depend on what a catalog kept from other translations (tests running alongside use it too).
/// `ReproducedFieldsTests.catalog()` loads one that has kept nothing.
func shippedCatalog() throws -> MappingCatalog { try Shipped.catalog.get() }

/// The shipped models' JSON Schemas (Mappings/), loaded once per test process.
func shippedSchemas() throws -> SchemaRegistry { try Shipped.schemas.get() }

private enum Shipped {
    static let catalog = Result { () throws(DiagnosticsError) in try MappingCatalog.load(directory: packageRoot + "/Mappings") }
    static let schemas = Result { () throws(DiagnosticsError) in try SchemaRegistry.load(directory: packageRoot + "/Mappings") }
}

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
