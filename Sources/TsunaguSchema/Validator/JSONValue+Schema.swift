import TsunaguCore

extension JSONValue {
    /// Equality as JSON Schema defines it for `enum`, `const` and `uniqueItems`: numbers compare
    /// by value (`1` equals `1.0`), everything else structurally.
    func schemaEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.number(let left), .number(let right)):
            return left.decimal.isNumericallyEqual(to: right.decimal)
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.schemaEquals($1) }
        case (.string(let left), .string(let right)):
            // Code points, not Swift's canonical equivalence: "é" and "e\u{301}" differ in JSON.
            return left.unicodeScalars.elementsEqual(right.unicodeScalars)
        case (.object(let left), .object(let right)):
            guard left.count == right.count else { return false }
            for (key, value) in left {
                guard let counterpart = right[key], value.schemaEquals(counterpart) else { return false }
            }
            return true
        default:
            return self == other
        }
    }

    /// Whether this is a number with no fractional part (`1.0` is an integer, as in JSON Schema).
    var isIntegral: Bool {
        guard case .number(let number) = self else { return false }
        return number.decimal.isIntegral
    }

    /// A short description of the value for messages: `number 1.5`, `string "kg"`, `an object`.
    var shortDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return "boolean \(flag)"
        case .number(let number): return "number \(number.text)"
        case .string(let text):
            let shown = text.unicodeScalars.count > 60 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(57))) + "..." : text
            return "string \(JSONValue.string(shown).jsonText)"
        case .array(let elements): return "an array of \(elements.count) item\(elements.count == 1 ? "" : "s")"
        case .object: return "an object"
        }
    }
}

extension ExactDecimal {
    /// Whether the value has no fractional part.
    var isIntegral: Bool {
        exponent >= 0 || rounded(toScale: 0, .down).isNumericallyEqual(to: self)
    }
}
