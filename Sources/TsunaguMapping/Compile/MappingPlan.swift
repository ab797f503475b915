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
    /// The same fields by parent, so a check looks each parent up once.
    let requiredGroups: [RequiredGroup]
    /// The file's examples.
    let examples: [MappingExample]
    /// How many distinct parents the plan's absolute source paths have (see `MappingPath.parentSlot`).
    let parentSlotCount: Int
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

/// Required fields that share a parent: the parent's pointer and, per field, its position in
/// `requires` and its last token.
struct RequiredGroup: Sendable {
    let parent: JSONPointer
    let members: [(position: Int, last: String)]

    /// The groups of `fields`, in the order their parents first appear (a field at the root
    /// itself, which always exists, is in none).
    static func groups(_ fields: [RequiredField]) -> [RequiredGroup] {
        var order: [[String]] = []
        var members: [[String]: [(position: Int, last: String)]] = [:]
        for (position, field) in fields.enumerated() {
            guard let last = field.pointer.tokens.last else { continue }
            let parent = Array(field.pointer.tokens.dropLast())
            if members[parent] == nil { order.append(parent) }
            members[parent, default: []].append((position, last))
        }
        return order.map { RequiredGroup(parent: JSONPointer(tokens: $0), members: members[$0] ?? []) }
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

/// The content hash used for audit trails: FNV-1a 64 over bytes, as 16 hexadecimal digits.
enum ContentHash {
    static func fnv1a64(_ bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
