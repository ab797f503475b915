import Foundation
import Testing
import TsunaguCore
@testable import TsunaguSchema

/// Runs the official JSON-Schema-Test-Suite cases for the keywords the validator supports.
struct JSONSchemaTestSuiteTests {
    /// The suite files covering the supported keywords, per draft folder.
    static let files: [String] = {
        let shared = [
            "additionalProperties", "allOf", "anyOf", "boolean_schema", "const", "enum", "exclusiveMaximum", "exclusiveMinimum",
            "if-then-else", "infinite-loop-detection", "items", "maxItems", "maxLength", "maxProperties", "maximum", "minItems",
            "minLength", "minProperties", "minimum", "multipleOf", "not", "oneOf", "pattern", "patternProperties", "properties",
            "ref", "required", "type", "uniqueItems", "contains", "propertyNames", "default",
        ]
        let newer = ["defs", "dependentRequired", "prefixItems"]
        let older = ["additionalItems", "definitions", "dependencies"]
        // Only draft 2020-12 carries the optional format-assertion tests in the reference copy.
        let formats = ["date-time", "date", "uuid", "uri", "email"].map { "optional/format/\($0)" }
        return (shared + newer + formats).map { "draft2020-12/\($0).json" } + (shared + older).map { "draft7/\($0).json" }
    }()

    /// Groups (`file: group description`) that need what the validator deliberately leaves out:
    /// fetching remote schemas, the meta-schemas, or keywords outside the supported set.
    static let skipped: Set<String> = [
        // The meta-schemas are not registered (they would be fetched from json-schema.org).
        "draft2020-12/defs.json: validate definition against metaschema",
        "draft2020-12/ref.json: remote ref, containing refs itself",
        "draft7/definitions.json: validate definition against metaschema",
        "draft7/ref.json: remote ref, containing refs itself",
        // unevaluatedProperties is not supported (no data model uses it).
        "draft2020-12/not.json: collect annotations inside a 'not', even if collection is disabled",
        "draft2020-12/ref.json: ref creates new scope when adjacent to keywords",
    ]

    @Test(arguments: files)
    func suiteFile(_ file: String) throws {
        let url = ReferenceFiles.reference.appendingPathComponent("json-schema-test-suite").appendingPathComponent(file)
        let groups = try #require(try ReferenceFiles.json(url).arrayValue)
        var failures: [String] = []
        var counts = (run: 0, passed: 0, skipped: 0)
        for group in groups {
            let title = group["description"]?.stringValue ?? "?"
            let tests = group["tests"]?.arrayValue ?? []
            if Self.skipped.contains("\(file): \(title)") {
                counts.skipped += tests.count
                continue
            }
            let draftDefault: JSONValue = file.hasPrefix("draft7") ? "http://json-schema.org/draft-07/schema#" : "https://json-schema.org/draft/2020-12/schema"
            var schemaJSON = group["schema"] ?? true
            if case .object(var members) = schemaJSON, members["$schema"] == nil {
                members["$schema"] = draftDefault
                schemaJSON = .object(members)
            }
            let schema: JSONSchema
            do {
                schema = try JSONSchema(schemaJSON, baseURI: "http://localhost:1234/suite/root.json")
            } catch {
                counts.run += tests.count
                failures.append("\(file): \(title): schema rejected: \(error)")
                continue
            }
            for test in tests {
                counts.run += 1
                let expected = test["valid"]?.boolValue ?? true
                let data = test["data"] ?? .null
                let errors = schema.validate(data)
                if errors.isEmpty == expected && schema.isValid(data) == expected {
                    counts.passed += 1
                } else {
                    let detail = errors.map(\.description).joined(separator: "; ")
                    failures.append("\(file): \(title): \(test["description"]?.stringValue ?? "?"): expected \(expected ? "valid" : "invalid") \(detail)")
                }
            }
        }
        print("JSON-Schema-Test-Suite \(file): \(counts.run) run, \(counts.passed) passed, \(counts.skipped) skipped")
        #expect(failures.isEmpty, "\(failures.count) failing cases:\n\(failures.joined(separator: "\n"))")
    }
}
