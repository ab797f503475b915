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

    /// Compiles `source`; `nil` when it is not a valid regular expression.
    init?(_ source: String) {
        guard let expression = try? NSRegularExpression(pattern: Self.translated(source), options: []) else { return nil }
        self.source = source
        self.expression = expression
    }

    /// Whether the expression matches somewhere in `text`.
    func matches(_ text: String) -> Bool {
        let range = NSRange(location: 0, length: (text as NSString).length)
        return expression.firstMatch(in: text, options: [], range: range) != nil
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
