import TsunaguCore

/// One compiled subschema. Subschemas refer to each other by index into the compiled set, so
/// recursive schemas (`$ref` cycles) need no reference types.
///
/// The models' schemas compile to thousands of nodes that the gateway holds for as long as it
/// runs, and most of them use only a few keywords (a type, properties, a `$ref`, an enumeration,
/// a pattern). Those are stored in the node; the rest (numeric and size bounds, combinators,
/// conditionals, and so on) live in one shared ``SchemaNode/RareKeywords`` box that nodes
/// without them do not allocate, and are read and written through the same member names.
@dynamicMemberLookup
struct SchemaNode: Sendable {
    /// For `true` / `false` schemas: the fixed outcome.
    var fixedOutcome: Bool?
    var format: StringFormat?
    var types: [String]?
    var ref: Int?
    /// The schema for items after `prefixItems` (or every item when there are none).
    var items: Int?
    var required: [String] = []
    var properties: [String: Int] = [:]
    var propertyOrder: [String] = []
    var additionalProperties: Int?
    var enumValues: [JSONValue]?
    var pattern: SchemaPattern?
    private var rare: RareKeywordsBox?

    /// The keywords few subschemas use.
    struct RareKeywords: Sendable {
        var patternProperties: [(SchemaPattern, Int)] = []
        var propertyNames: Int?
        var prefixItems: [Int] = []
        var contains: Int?
        var constValue: JSONValue?
        var minimum: ExactDecimal?
        var maximum: ExactDecimal?
        var exclusiveMinimum: ExactDecimal?
        var exclusiveMaximum: ExactDecimal?
        var multipleOf: ExactDecimal?
        var minLength: Int?
        var maxLength: Int?
        var minItems: Int?
        var maxItems: Int?
        var uniqueItems = false
        var minProperties: Int?
        var maxProperties: Int?
        var allOf: [Int] = []
        var anyOf: [Int] = []
        var oneOf: [Int] = []
        var not: Int?
        var ifSchema: Int?
        var thenSchema: Int?
        var elseSchema: Int?
        var dependentRequired: [String: [String]] = [:]
        var dependentSchemas: [String: Int] = [:]

        /// What a node without rare keywords reads.
        static let absent = RareKeywords()

        /// Whether no rare keyword is set (the compiler assigns absent values too).
        var isEmpty: Bool {
            patternProperties.isEmpty && propertyNames == nil && prefixItems.isEmpty && contains == nil && constValue == nil
                && minimum == nil && maximum == nil && exclusiveMinimum == nil && exclusiveMaximum == nil && multipleOf == nil
                && minLength == nil && maxLength == nil && minItems == nil && maxItems == nil && !uniqueItems
                && minProperties == nil && maxProperties == nil && allOf.isEmpty && anyOf.isEmpty && oneOf.isEmpty
                && not == nil && ifSchema == nil && thenSchema == nil && elseSchema == nil
                && dependentRequired.isEmpty && dependentSchemas.isEmpty
        }
    }

    /// Reads and writes a rare keyword as if it were stored in the node.
    subscript<Value>(dynamicMember keyword: WritableKeyPath<RareKeywords, Value>) -> Value {
        get {
            guard let rare else { return RareKeywords.absent[keyPath: keyword] }
            return rare.keywords[keyPath: keyword]
        }
        set {
            var keywords = rare?.keywords ?? RareKeywords()
            keywords[keyPath: keyword] = newValue
            rare = keywords.isEmpty ? nil : RareKeywordsBox(keywords)
        }
    }
}

/// The out-of-line storage of a node's rare keywords; immutable, replaced as a whole when the
/// compiler sets one more keyword.
private final class RareKeywordsBox: Sendable {
    let keywords: SchemaNode.RareKeywords

    init(_ keywords: SchemaNode.RareKeywords) {
        self.keywords = keywords
    }
}
