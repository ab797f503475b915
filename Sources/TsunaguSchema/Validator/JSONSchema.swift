import TsunaguCore

/// A JSON Schema compiled once into a validator value, to check many documents with.
///
/// Supports the keywords of draft 2020-12 and draft-07 that the data models use (types,
/// properties and items in both drafts' forms, enumerations, patterns, the formats date-time,
/// date, uuid, uri and email as assertions, numeric and length bounds compared exactly,
/// combinators, conditionals, `$ref` to local JSON Pointers, anchors and other registered
/// schemas, `dependentRequired`). Unknown keywords are ignored, as the specification says.
public struct JSONSchema: Sendable {
    let nodes: [SchemaNode]
    let root: Int

    init(nodes: [SchemaNode], root: Int) {
        self.nodes = nodes
        self.root = root
    }

    /// Compiles a standalone schema.
    /// - Parameters:
    ///   - json: The schema document.
    ///   - baseURI: The URI relative `$ref`s and `$id`s resolve against when the root has no `$id`.
    ///   - file: The file the schema came from, named in diagnostics.
    /// - Throws: ``DiagnosticsError`` listing every malformed keyword and unresolvable `$ref`,
    ///   each with the JSON Pointer into the schema.
    public init(_ json: JSONValue, baseURI: String = "urn:tsunagu:schema", file: String? = nil) throws(DiagnosticsError) {
        var compiler = SchemaCompiler()
        let document = compiler.add(json, baseURI: baseURI, file: file)
        let root = compiler.compileRoot(ofDocument: document)
        guard compiler.diagnostics.isEmpty else { throw DiagnosticsError(compiler.diagnostics) }
        self.init(nodes: compiler.nodes, root: root)
    }

    /// Every violation of the schema in `value`, each with the JSON Pointer of the failing value
    /// (relative to `value`, prefixed by `pointer`); empty when `value` is valid.
    public func validate(_ value: JSONValue, at pointer: JSONPointer = .root) -> [Diagnostic] {
        var errors: [Diagnostic]? = []
        _ = SchemaEvaluator(nodes: nodes).evaluate(root, value, at: pointer, errors: &errors)
        return errors ?? []
    }

    /// Whether `value` is valid; faster than ``validate(_:at:)`` because it stops at the first violation.
    public func isValid(_ value: JSONValue) -> Bool {
        var errors: [Diagnostic]? = nil
        return SchemaEvaluator(nodes: nodes).evaluate(root, value, at: .root, errors: &errors)
    }
}
