import TsunaguCore

/// Turns schema documents into ``SchemaNode``s: first indexes every document's `$id`s and
/// anchors (so `$ref`s between documents resolve), then compiles subschemas on demand, each once
/// (the keywords are read in `SchemaCompiler+Keywords.swift`).
struct SchemaCompiler {
    struct Location: Hashable {
        var document: Int
        var pointer: JSONPointer
    }

    struct Document {
        var json: JSONValue
        var baseURI: String
        var draft: SchemaDraft
        var file: String?
        /// Whether `exclusiveMinimum` / `exclusiveMaximum` are draft-04's Booleans here.
        var booleanExclusiveBounds = false
    }

    var documents: [Document] = []
    var nodes: [SchemaNode] = []
    var diagnostics: [Diagnostic] = []
    private var resources: [String: Location] = [:]
    private var anchors: [String: Location] = [:]
    var baseAt: [Location: String] = [:]
    var compiled: [Location: Int] = [:]

    /// Adds a document under `baseURI` (its root `$id`, when it has one, takes precedence unless
    /// `overridingID` is set) and returns its number.
    mutating func add(_ json: JSONValue, baseURI: String, file: String? = nil, overridingID: Bool = false) -> Int {
        let draft = SchemaDraft.named(by: json["$schema"]?.stringValue)
        let number = documents.count
        var base = URIReference.splitFragment(baseURI).0
        if !overridingID, let id = json["$id"]?.stringValue {
            base = URIReference.splitFragment(URIReference.resolve(id, against: base)).0
        }
        let booleanExclusiveBounds = SchemaDraft.boundsExclusivenessAsBooleans(json["$schema"]?.stringValue)
        documents.append(Document(json: json, baseURI: base, draft: draft, file: file, booleanExclusiveBounds: booleanExclusiveBounds))
        let root = Location(document: number, pointer: .root)
        if let existing = resources[base], existing != root {
            report("a schema with the identifier \(base) is already registered", at: root)
        }
        resources[base] = root
        index(json, at: root, base: base, draft: draft, isRoot: true)
        return number
    }

    /// The node for a document's root.
    mutating func compileRoot(ofDocument number: Int) -> Int {
        let location = Location(document: number, pointer: .root)
        return compile(documents[number].json, at: location)
    }

    /// The node a URI (with an optional fragment) names, or `nil` when nothing registered has it.
    mutating func compile(uri: String) -> Int? {
        guard let location = locate(uri), let value = documents[location.document].json[pointer: location.pointer] else { return nil }
        return compile(value, at: location)
    }

    // MARK: Indexing

    private mutating func index(_ value: JSONValue, at location: Location, base: String, draft: SchemaDraft, isRoot: Bool = false) {
        guard case .object(let members) = value else { return }
        var base = base
        let refHidesID = draft == .draft7 && members["$ref"] != nil
        if !isRoot, !refHidesID, let id = members["$id"]?.stringValue {
            let resolved = URIReference.resolve(id, against: base)
            let (resource, fragment) = URIReference.splitFragment(resolved)
            if let fragment, !fragment.isEmpty {
                anchors[resolved] = location
            }
            if !id.hasPrefix("#") {
                resources[resource] = resources[resource] ?? location
                base = resource
            }
        }
        if let anchor = members["$anchor"]?.stringValue {
            anchors[base + "#" + anchor] = location
        }
        baseAt[location] = base
        for keyword in ["additionalProperties", "additionalItems", "items", "contains", "propertyNames", "not", "if", "then", "else",
            "unevaluatedItems", "unevaluatedProperties"]
        {
            if let child = members[keyword], child.objectValue != nil {
                index(child, at: location.appending(keyword), base: base, draft: draft)
            }
        }
        for keyword in ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"] {
            guard let map = members[keyword]?.objectValue else { continue }
            for (key, child) in map {
                index(child, at: location.appending(keyword).appending(key), base: base, draft: draft)
            }
        }
        for keyword in ["allOf", "anyOf", "oneOf", "prefixItems", "items"] {
            guard let list = members[keyword]?.arrayValue else { continue }
            for (offset, child) in list.enumerated() {
                index(child, at: location.appending(keyword).appending(offset), base: base, draft: draft)
            }
        }
    }

    func locate(_ uri: String) -> Location? {
        let (resource, fragment) = URIReference.splitFragment(uri)
        guard let fragment, !fragment.isEmpty else { return resources[resource] }
        if fragment.hasPrefix("/") {
            guard let root = resources[resource], let pointer = JSONPointer(parsing: fragment) else { return nil }
            return Location(document: root.document, pointer: JSONPointer(tokens: root.pointer.tokens + pointer.tokens))
        }
        return anchors[resource + "#" + fragment]
    }
}

extension SchemaCompiler.Location {
    func appending(_ token: String) -> Self { Self(document: document, pointer: pointer.appending(token)) }
    func appending(_ index: Int) -> Self { Self(document: document, pointer: pointer.appending(index)) }
}
