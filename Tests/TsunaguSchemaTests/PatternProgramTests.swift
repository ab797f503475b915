import Foundation
import Testing

@testable import TsunaguSchema

@Suite("Schema patterns: Tsunagu's own ECMA-262 engine")
struct PatternProgramTests {
    private func matches(_ pattern: String, _ text: String) throws -> Bool {
        try PatternProgram(try PatternSyntax.parse(pattern)).matches(text)
    }

    /// The patterns the shipped schemas use, and texts on both sides of each.
    @Test(arguments: [
        (#"^\d+\.\d+\.\d+(-\d{8})?$"#, ["2.3.0", "10.0.0-20240101"], ["2.3", "2.3.0-2024", "v2.3.0", "2.3.0-20240101x"]),
        (#"^[A-Z]{2}-[A-Z0-9]{1,3}$"#, ["DE-BY", "JP-13", "US-A"], ["DE-", "de-BY", "DE-BAYE", "DEU-BY"]),
        (#"^[A-Z]{2}$"#, ["DE", "JP"], ["D", "DEU", "de", ""]),
        (#"^AR\d+$"#, ["AR6", "AR5"], ["AR", "ar6", "AR6a"]),
        (#"^([uU][rR][nN]):"#, ["urn:uuid:1", "URN:x", "uRn:"], ["urn", "xurn:", " urn:"]),
        (#"([A-Z]{2}-[A-Z0-9]{1,3}|)"#, ["", "anything"], []),
        (#"[0-9]{6}$"#, ["123456", "x1234567"], ["12345", "123456x"]),
        (
            #"(^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)|(^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)"#,
            ["3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01", "urn:uuid:3B7E1A52-4C1F-4D0B-9A3E-5F2C8D1E0A01"],
            ["3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a0", "urn:uuid:3b7e1a52", "x3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01"]
        ),
        (
            #"-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"#,
            ["2025-01-31T12:00:00Z", "2025-01-31T24:00:00.000+09:00", "12025-12-01T00:00:00.5"],
            ["2025-13-01T00:00:00Z", "2025-01-32T00:00:00Z", "2025-01-31 12:00:00Z", "25-01-31T12:00:00Z"]
        ),
    ] as [(String, [String], [String])])
    func shippedPatterns(pattern: String, matching: [String], notMatching: [String]) throws {
        for text in matching { #expect(try matches(pattern, text), "\(pattern) should match \(text)") }
        for text in notMatching { #expect(try !matches(pattern, text), "\(pattern) should not match \(text)") }
    }

    @Test func followsECMASemanticsWhereICUDiffers() throws {
        // ECMA-262's `$` (no multiline flag) does not match before a final line break; ICU's does.
        #expect(try !matches("^abc$", "abc\n"))
        // `\d` and `\w` are ASCII only.
        #expect(try !matches(#"^\d$"#, "٣"))
        #expect(try !matches(#"^\w$"#, "é"))
        #expect(try matches(#"^\s$"#, "\u{3000}"))
        // `.` does not match line terminators.
        #expect(try !matches("^a.b$", "a\nb"))
        #expect(try matches("^a.b$", "a\u{00}b"))
    }

    @Test func coversQuantifiersClassesAndEscapes() throws {
        #expect(try matches("^a{2,}$", "aaaa"))
        #expect(try !matches("^a{2,}$", "a"))
        #expect(try matches("^(ab)*?c$", "ababc"))
        #expect(try matches(#"^[^\d\s]+$"#, "abc"))
        #expect(try !matches(#"^[^\d\s]+$"#, "ab1"))
        #expect(try matches(#"^[\w.-]+@[\w-]+\.[a-z]{2,}$"#, "a.b-c@example.jp"))
        #expect(try matches(#"^\x41\u0042\u{1F600}$"#, "AB😀"))
        #expect(try matches(#"\bcat\b"#, "a cat sat"))
        #expect(try !matches(#"\bcat\b"#, "concatenate"))
        #expect(try matches(#"\Bcat\B"#, "concatenate"))
        #expect(try matches("^a{,2}$", "a{,2}"), "a brace that starts no quantifier is a literal")
        #expect(try matches("^(?:x|y)(?<tail>z)$", "yz"))
        #expect(try matches("^(a*)*$", "aaaa"), "an empty loop neither hangs nor fails")
        #expect(try matches(#"^[a\-z]+$"#, "a-z"))
        #expect(try !matches(#"^[a\-z]+$"#, "b"))
    }

    @Test func searchTimeStaysLinearOnAPathologicalPattern() throws {
        // Backtracking engines take exponential time here; the automaton answers at once.
        let text = String(repeating: "a", count: 64) + "!"
        #expect(try !matches("^(a|a)*$", text))
        #expect(try !matches("^(a+)+$", text))
    }

    @Test func rejectsInvalidPatternsAndSetsAsideUnsupportedOnes() {
        for invalid in ["(ab", "ab)", "*a", "a**", "[b-a]", "a{3,1}", #"\"#, "[abc"] {
            #expect(throws: PatternSyntax.Failure.self, "\(invalid)") { try PatternSyntax.parse(invalid) }
            if case .unsupported = Self.failure(invalid) { Issue.record("\(invalid) is invalid, not unsupported") }
        }
        for unsupported in [#"(a)\1"#, "a(?=b)", "a(?!b)", "(?<=a)b", #"\p{L}"#, #"\cA"#] {
            guard case .unsupported = Self.failure(unsupported) else {
                Issue.record("\(unsupported) should be unsupported")
                continue
            }
        }
    }

    @Test func schemaPatternFallsBackToFoundationForUnsupportedFeaturesOnly() throws {
        let lookahead = try #require(SchemaPattern("^(?=.*[0-9])[a-z0-9]+$"))
        #expect(lookahead.matches("abc1"))
        #expect(!lookahead.matches("abc"))
        #expect(SchemaPattern("(ab") == nil)
        let decimal = try #require(SchemaPattern(#"^-?\d+(\.\d+)?$"#))
        #expect(decimal.matches("-12.50"))
        #expect(!decimal.matches("1e5"))
    }

    /// Tsunagu's engine and ICU (with `\d`/`\w` made ASCII) agree on every text up to a length,
    /// over an alphabet that exercises each pattern (no line breaks, where `$` differs).
    @Test(arguments: [
        ("^[A-Z]{2}-[A-Z0-9]{1,3}$", "AZ0-a", 7),
        (#"^\d+\.\d+\.\d+(-\d{8})?$"#, "09.-", 7),
        ("(ab|a)(bc|c)?d", "abcd", 6),
        ("^x*y+z?$", "xyza", 6),
        ("[^a-c]{2}", "acdé", 5),
        (#"^(\w+\s?)+$"#, "a_9 é", 6),
        ("a|b|", "abc", 4),
        ("^.{3,5}$", "a.", 7),
        ("^(?:[0-9]{2}|[a-f]{3})+$", "09afg", 6),
    ] as [(String, String, Int)])
    func agreesWithFoundationOnEveryShortText(pattern: String, alphabet: String, maximumLength: Int) throws {
        let program = try PatternProgram(try PatternSyntax.parse(pattern))
        let reference = try NSRegularExpression(pattern: pattern.replacingOccurrences(of: #"\d"#, with: "[0-9]").replacingOccurrences(of: #"\w"#, with: "[a-zA-Z0-9_]"))
        let letters = Array(alphabet)
        var texts = [""]
        var previous = [""]
        for _ in 0..<maximumLength {
            previous = previous.flatMap { text in letters.map { text + String($0) } }
            texts += previous
        }
        for text in texts {
            let expected = reference.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
            #expect(program.matches(text) == expected, "\(pattern) on \"\(text)\"")
        }
    }

    private static func failure(_ pattern: String) -> PatternSyntax.Failure? {
        do {
            _ = try PatternSyntax.parse(pattern)
            return nil
        } catch {
            return error
        }
    }
}
