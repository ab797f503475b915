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

    /// Bytes equal for two values exactly when ``schemaEquals(_:)`` holds: numbers by normalized
    /// value, strings by code points, object members in key order.
    var canonicalKey: [UInt8] {
        var bytes: [UInt8] = []
        appendCanonical(to: &bytes)
        return bytes
    }

    private func appendCanonical(to bytes: inout [UInt8]) {
        switch self {
        case .null: bytes.append(UInt8(ascii: "n"))
        case .bool(let flag): bytes.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .number(let number): bytes += Array(("#" + number.canonicalText).utf8)
        case .string(let text): bytes += Array(JSONValue.string(text).jsonText.utf8)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for element in elements {
                element.appendCanonical(to: &bytes)
                bytes.append(UInt8(ascii: ","))
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (key, value) in members.sorted(by: { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }) {
                bytes += Array(JSONValue.string(key).jsonText.utf8)
                bytes.append(UInt8(ascii: ":"))
                value.appendCanonical(to: &bytes)
                bytes.append(UInt8(ascii: ","))
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Whether this is a number with no fractional part (`1.0` is an integer, as in JSON Schema).
    var isIntegral: Bool {
        guard case .number(let number) = self else { return false }
        return number.isIntegral
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

extension JSONNumber {
    /// Whether the literal has no fractional part (`1.0`, `1.5e1` and `100e-2` have none), read from
    /// its digits in one pass: rounding the exact value of `1e-999999` builds a million digits.
    var isIntegral: Bool {
        var digits: [UInt8] = []
        var pointAfter = 0
        var exponent = 0
        var exponentSign = 1
        var part = 0 // 0: integer digits, 1: fraction digits, 2: exponent
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "."): part = 1
            case UInt8(ascii: "e"), UInt8(ascii: "E"): part = 2
            case UInt8(ascii: "-") where part == 2: exponentSign = -1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if part == 2 {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte)
                    if part == 0 { pointAfter += 1 }
                }
            default: break
            }
        }
        // The literal's exponent is within ±999 999 (see ``JSONNumber/init(text:)``).
        let integerDigits = pointAfter + exponentSign * exponent
        return digits.indices.allSatisfy { $0 < integerDigits || digits[$0] == UInt8(ascii: "0") }
    }
}
