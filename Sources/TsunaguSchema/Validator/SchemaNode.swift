import TsunaguCore

/// One compiled subschema. Subschemas refer to each other by index into the compiled set, so
/// recursive schemas (`$ref` cycles) need no reference types.
struct SchemaNode: Sendable {
    /// For `true` / `false` schemas: the fixed outcome.
    var fixedOutcome: Bool?
    var types: [String]?
    var required: [String] = []
    var properties: [String: Int] = [:]
    var propertyOrder: [String] = []
    var patternProperties: [(SchemaPattern, Int)] = []
    var additionalProperties: Int?
    var propertyNames: Int?
    var prefixItems: [Int] = []
    /// The schema for items after `prefixItems` (or every item when there are none).
    var items: Int?
    var contains: Int?
    var enumValues: [JSONValue]?
    var constValue: JSONValue?
    var pattern: SchemaPattern?
    var format: StringFormat?
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
    var ref: Int?
    var dependentRequired: [String: [String]] = [:]
    var dependentSchemas: [String: Int] = [:]
}
