import TsunaguCore

/// Compiles the syntax tree of one mapping file into a ``MappingPlan``, collecting every problem
/// as a diagnostic with the file and line instead of stopping at the first.
struct MappingCompiler {
    /// Where rules are being compiled: at the document root or inside an `each`/`map`.
    enum Scope {
        case root
        case element
    }

    let file: String
    var diagnostics: [Diagnostic] = []
    var tables: [String: EnumerationTable] = [:]
    var mapNodes: [String: SyntaxNode] = [:]
    var compiledMaps: [String: [CompiledRule]] = [:]
    var mapsInProgress: Set<String> = []
    var parentSlots: [[MappingPath.Token]: Int] = [:]
    /// The models a mapping may name; `nil` accepts any (a single file compiled by a test or tool).
    let knownModels: Set<ModelID>?

    init(file: String, knownModels: Set<ModelID>? = nil) {
        self.file = file
        self.knownModels = knownModels
    }

    static let topLevelKeys: Set<String> = [
        "source", "target", "description", "tables", "maps", "rules", "carry", "restore", "drops", "requires", "examples",
    ]

    /// Compiles the file's text; the result is a plan only when no error was found.
    static func compile(text: String, file: String, knownModels: Set<ModelID>? = nil) -> Result<MappingPlan, DiagnosticsError> {
        switch SyntaxReader.read(text, file: file) {
        case .failure(let error):
            return .failure(error)
        case .success(let root):
            var compiler = MappingCompiler(file: file, knownModels: knownModels)
            let plan = compiler.compile(root, contentHash: ContentHash.fnv1a64(text.utf8))
            if let plan, !compiler.diagnostics.containsErrors { return .success(plan) }
            return .failure(DiagnosticsError(compiler.diagnostics))
        }
    }

    mutating func error(_ line: Int, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, message: message))
    }

    mutating func compile(_ root: SyntaxNode, contentHash: String) -> MappingPlan? {
        guard root.members != nil else {
            error(root.line, "a mapping file is a YAML mapping with source, target and rules; found \(root.shapeName)")
            return nil
        }
        checkKeys(root, allowed: Self.topLevelKeys, in: "a mapping file")
        let source = modelID(root, key: "source")
        let target = modelID(root, key: "target")
        let summary = root["description"]?.scalarText
        if let node = root["tables"] { compileTables(node) }
        if let node = root["maps"] {
            if let members = node.members {
                for member in members { mapNodes[member.key] = member.value }
                for member in members { _ = namedMap(member.key, line: member.keyLine) }
            } else {
                error(node.line, "maps must be a mapping from names to lists of rules")
            }
        }
        var rules: [CompiledRule] = []
        if let node = root["rules"] {
            rules = compileRules(node, scope: .root)
        } else {
            error(root.line, "a mapping file needs rules:")
        }
        let carry = root["carry"].flatMap { extensionPlace($0, key: "into", model: source, what: "carry") }
        let restore = root["restore"].flatMap { extensionPlace($0, key: "from", model: target, what: "restore") }
        let drops = root["drops"].map { compileDrops($0) } ?? []
        let requires = root["requires"].map { compileRequires($0, rules: rules) } ?? []
        let examples = root["examples"].map { compileExamples($0) } ?? []
        guard let source, let target else { return nil }
        let nodes = WriteNode.arrange(rules)
        let plan = MappingPlan(
            id: MappingID(source: source, target: target), file: file, contentHash: contentHash, summary: summary,
            rules: rules, nodes: nodes, consumedFields: ConsumedFields(rules: rules), carry: carry, restore: restore, drops: drops, requires: requires,
            requiredTree: RequiredTree(requires), examples: examples,
            parentSlotCount: parentSlots.count, readsNow: nodes.contains { $0.reads(context: "now") },
            derivedFields: DerivedFields(rules: rules)
        )
        for problem in plan.constantsTheirStepsRefuse() { error(problem.line, problem.reason) }
        return plan
    }

    mutating func checkKeys(_ node: SyntaxNode, allowed: Set<String>, in context: String) {
        for member in node.members ?? [] where !allowed.contains(member.key) {
            error(member.keyLine, "unknown key '\(member.key)' in \(context) (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    mutating func scalar(_ node: SyntaxNode, _ what: String) -> String? {
        guard let text = node.scalarText else {
            error(node.line, "\(what) must be a single value, found \(node.shapeName)")
            return nil
        }
        return text
    }

    mutating func modelID(_ root: SyntaxNode, key: String) -> ModelID? {
        guard let node = root[key] else {
            error(root.line, "missing '\(key):' (a model such as pact@3.0.0)")
            return nil
        }
        guard let text = scalar(node, key) else { return nil }
        guard let id = ModelID(text) else {
            error(node.line, "'\(text)' is not a model identifier of the form model@version (for example pact@3.0.0)")
            return nil
        }
        if let knownModels, !knownModels.contains(id) {
            let known = knownModels.sorted().map(\.description).joined(separator: ", ")
            error(node.line, "unknown model '\(text)' (models: \(known)); a new model needs its JSON Schema as schemas/\(text).schema.json beside the mappings")
            return nil
        }
        return id
    }

    /// Parses a path and checks it against where it is used.
    mutating func path(_ node: SyntaxNode, scope: Scope, isTarget: Bool, what: String) -> MappingPath? {
        guard let text = scalar(node, what) else { return nil }
        // A blank value would read the whole document (and mark all of it used, so the loss
        // report would list nothing): it is a slip, not a path.
        guard !text.allSatisfy({ $0 == " " || $0 == "\t" }) else {
            error(node.line, "\(what) is empty: write a path from the root ('/…')\(scope == .element ? " or from the current element ('./…', '.' for the element itself)" : "")")
            return nil
        }
        switch MappingPath.parse(text) {
        case .failure(let problem):
            error(node.line, problem.reason)
            return nil
        case .success(let path):
            if path.isRelative && scope == .root {
                error(node.line, "\(what) '\(text)' is relative ('./'), which only means something inside each: or a map:; write it from the root ('/…')")
                return nil
            }
            if isTarget {
                if !path.isRelative && scope == .element {
                    error(node.line, "\(what) '\(text)' inside each:/map: must be relative to the element being built ('./…')")
                    return nil
                }
                if path.hasWildcard {
                    error(node.line, "\(what) '\(text)' writes to a wildcard; a target path must name one place")
                    return nil
                }
                if path.tokens.isEmpty && scope == .root {
                    error(node.line, "\(what) '\(text)' would replace the whole output; name a member")
                    return nil
                }
            } else if path.tokens.contains(.append) {
                error(node.line, "\(what) '\(text)' uses '-' (append), which only works in a target path")
                return nil
            } else if !path.isRelative, path.tokens.count >= 2, path.tokens.allSatisfy({ $0.literal != nil }) {
                let parent = Array(path.tokens.dropLast())
                if let slot = parentSlots[parent] { return path.slotted(slot) }
                parentSlots[parent] = parentSlots.count
                return path.slotted(parentSlots.count - 1)
            }
            return path
        }
    }
}
