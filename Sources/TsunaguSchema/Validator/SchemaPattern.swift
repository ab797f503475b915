import Foundation

/// A compiled `pattern` / `patternProperties` regular expression (a class, so that a schema
/// node holds it in one word).
///
/// Patterns are matched by Tsunagu's own engine (``PatternProgram``) with ECMA-262 semantics:
/// `\d`, `\w` and `\s` have ECMA's meaning, `$` matches only at the end, and matching is
/// unanchored, as JSON Schema says. Patterns using what that engine leaves out (backreferences,
/// lookaround, Unicode property escapes) are compiled by Foundation's NSRegularExpression (ICU),
/// with `\d` and `\w` rewritten to their ASCII meaning and `$` to ICU's end of input (`\z`).
final class SchemaPattern: Sendable {
    /// The pattern as the schema wrote it.
    let source: String
    private let engine: Engine

    private enum Engine {
        /// PACT's decimal pattern, on every decimal string of a footprint, is checked by a scan.
        case decimal
        case program(PatternProgram)
        case foundation(NSRegularExpression)
    }

    /// Compiles `source`; `nil` when it is not a valid regular expression.
    init?(_ source: String) {
        self.source = source
        if source == #"^-?\d+(\.\d+)?$"# {
            engine = .decimal
            return
        }
        do {
            engine = .program(try PatternProgram(try PatternSyntax.parse(source)))
        } catch let failure as PatternSyntax.Failure {
            guard case .unsupported = failure, let expression = Self.foundationExpression(source) else { return nil }
            engine = .foundation(expression)
        } catch {
            guard let expression = Self.foundationExpression(source) else { return nil }
            engine = .foundation(expression)
        }
    }

    /// Whether the expression matches somewhere in `text`.
    func matches(_ text: String) -> Bool {
        switch engine {
        case .decimal:
            return Self.isDecimal(text)
        case .program(let program):
            return program.matches(text)
        case .foundation(let expression):
            let range = NSRange(location: 0, length: (text as NSString).length)
            return expression.firstMatch(in: text, options: [], range: range) != nil
        }
    }

    private static func foundationExpression(_ source: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: translated(source), options: [])
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
            // ECMA's `$` (no multiline flag) matches only at the very end; ICU's also before a final line break.
            case "$" where !inClass: output += "\\z"
            default: output.append(character)
            }
        }
        if escaped { output += "\\" }
        return output
    }
}
