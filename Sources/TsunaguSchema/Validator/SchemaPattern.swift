import Foundation

/// A compiled `pattern` / `patternProperties` regular expression.
///
/// ICU syntax (NSRegularExpression) is close to the ECMA-262 dialect JSON Schema names; the
/// differences a schema would notice are rewritten before compiling: `\d`, `\w` and `\s` keep
/// ECMA's ASCII meaning for digits and word characters. Matching is unanchored, as the
/// specification says.
struct SchemaPattern: Sendable {
    /// The pattern as the schema wrote it.
    let source: String
    private let expression: NSRegularExpression
    /// PACT's decimal pattern, on every decimal string of a footprint, is matched natively
    /// (several times faster than NSRegularExpression, with the same result).
    private let isPACTDecimal: Bool

    /// Compiles `source`; `nil` when it is not a valid regular expression.
    init?(_ source: String) {
        guard let expression = try? NSRegularExpression(pattern: Self.translated(source), options: []) else { return nil }
        self.source = source
        self.expression = expression
        self.isPACTDecimal = source == #"^-?\d+(\.\d+)?$"#
    }

    /// Whether the expression matches somewhere in `text`.
    func matches(_ text: String) -> Bool {
        if isPACTDecimal { return Self.isDecimal(text) }
        let range = NSRange(location: 0, length: (text as NSString).length)
        return expression.firstMatch(in: text, options: [], range: range) != nil
    }

    private static func isDecimal(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        if utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        let whole = utf8.prefix(while: isDigit)
        guard !whole.isEmpty else { return false }
        utf8 = utf8[whole.endIndex...]
        guard let point = utf8.first else { return true }
        guard point == UInt8(ascii: "."), utf8.count > 1 else { return false }
        return utf8.dropFirst().allSatisfy(isDigit)
    }

    private static func translated(_ source: String) -> String {
        var output = ""
        var escaped = false
        var inClass = false
        for character in source {
            if escaped {
                escaped = false
                switch character {
                case "d": output += inClass ? "0-9" : "[0-9]"
                case "D": output += inClass ? "\\D" : "[^0-9]"
                case "w": output += inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": output += inClass ? "\\W" : "[^a-zA-Z0-9_]"
                default: output += "\\" + String(character)
                }
                continue
            }
            switch character {
            case "\\": escaped = true
            case "[": inClass = true; output.append(character)
            case "]": inClass = false; output.append(character)
            default: output.append(character)
            }
        }
        if escaped { output += "\\" }
        return output
    }
}
