import TsunaguCore

/// A mapping file compiled once: every path parsed, every table and sub-map resolved, every
/// constant decoded. Executing a plan walks it and never looks at the mapping's text again.
public struct MappingPlan: Sendable {
    /// The pair of models this plan translates between.
    public let id: MappingID
    /// The file the plan was compiled from.
    public let file: String
    /// FNV-1a 64 of the file's bytes, in hexadecimal: identifies the exact version in audit trails.
    public let contentHash: String
    /// The file's description, when it has one.
    public let summary: String?
    /// The top-level rules, in order.
    let rules: [CompiledRule]
    /// The same rules arranged for execution.
    let nodes: [WriteNode]
    /// The source fields the rules consume whenever present (not marked per execution).
    let consumedFields: ConsumedFields
    /// Where unconsumed source fields are carried, when the target can hold extensions.
    let carry: ExtensionPlace?
    /// Where the reverse mapping's carried fields are taken back out of the source.
    let restore: ExtensionPlace?
    /// Explained losses.
    let drops: [Drop]
    /// Target fields the target model requires.
    let requires: [RequiredField]
    /// The same fields as a tree of their pointers, so a check walks each shared container once.
    let requiredTree: RequiredTree
    /// The file's examples.
    let examples: [MappingExample]
    /// How many distinct parents the plan's absolute source paths have (see `MappingPath.parentSlot`).
    let parentSlotCount: Int
    /// Whether a rule reads the time of translation (`context: now`).
    let readsNow: Bool
    /// Which output places the rules derive from which source fields (a carry's basis).
    let derivedFields: DerivedFields
}

/// A place where a carry extension is written (`carry`) or read back (`restore`).
struct ExtensionPlace: Sendable {
    /// The array of Data Model Extensions.
    let array: JSONPointer
    /// The `dataSchema` that identifies the carry extension.
    let dataSchema: String
}

/// A field the target model requires, with the reason it may stay empty when no rule writes it.
struct RequiredField: Sendable {
    let pointer: JSONPointer
    let reason: String?
}

/// Required fields as a tree of their pointer tokens: checking them looks each container on the
/// way up once, however many required fields lie below it.
final class RequiredTree: Sendable {
    /// The pointer token leading to this node from its parent (empty at the root), hashed once.
    let token: JSONKey
    /// The token as an array index, read as `JSONValue[pointer:]` reads it.
    let index: Int?
    /// The positions in `requires` of the fields whose pointer ends here.
    let fields: [Int]
    /// The nodes below, in the order their fields first appear.
    let children: [RequiredTree]

    /// The tree of `fields`.
    convenience init(_ fields: [RequiredField]) {
        self.init(token: "", paths: fields.enumerated().map { ($0.offset, $0.element.pointer.tokens[...]) })
    }

    private init(token: String, paths: [(position: Int, rest: ArraySlice<String>)]) {
        self.token = JSONKey(token)
        self.index = Int(token)
        var here: [Int] = []
        var order: [String] = []
        var below: [String: [(position: Int, rest: ArraySlice<String>)]] = [:]
        for (position, rest) in paths {
            guard let first = rest.first else {
                here.append(position)
                continue
            }
            if below[first] == nil { order.append(first) }
            below[first, default: []].append((position, rest.dropFirst()))
        }
        self.fields = here
        self.children = order.map { RequiredTree(token: MemberNames.shared($0), paths: below[$0] ?? []) }
    }

    /// Sets `missing[position]` for every field below this node, given the node's value in the
    /// output (`nil` when nothing is there).
    func check(_ value: JSONValue?, missing: inout [Bool]) {
        for child in children {
            // (`JSONValue` is itself `nil`-literal expressible: absence is spelled `.none` here.)
            var next: JSONValue? = .none
            switch value {
            case .object(let members)?: next = members[child.token]
            case .array(let elements)?:
                if let index = child.index, elements.indices.contains(index) { next = elements[index] }
            default: break
            }
            if !child.fields.isEmpty {
                let absent = if case .none = next { true } else { false }
                for position in child.fields { missing[position] = absent }
            }
            child.check(next, missing: &missing)
        }
    }
}

/// A source field the target cannot hold, with the reason (an explained loss).
struct Drop: Sendable {
    /// The source path; `*` matches any one token.
    let pattern: [String]
    /// Why the field is dropped.
    let reason: String

    /// Whether `tokens` (a concrete pointer) is `pattern` or lies under it.
    func matches(_ tokens: [String]) -> Bool {
        guard tokens.count >= pattern.count else { return false }
        for (wanted, actual) in zip(pattern, tokens) where wanted != "*" && wanted != actual {
            return false
        }
        return true
    }
}

/// One example of a mapping file: an input and the output the mapping must give.
public struct MappingExample: Sendable {
    /// The example's name (or its position).
    public let name: String
    /// The line the example starts on.
    public let line: Int
    /// The input, inline or a file path relative to the mapping file.
    let input: ExampleDocument
    /// The expected output.
    let output: ExampleDocument
    /// Whether the output translated back must give the input.
    public let roundTrip: Bool
    /// The caller-supplied values the example translates with (`context:` rules).
    let context: [String: JSONValue]
}

/// A document of an example: written inline or kept in a fixture file.
enum ExampleDocument: Sendable {
    case inline(JSONValue)
    case file(String)
}
