import Testing

@testable import TsunaguSchema

/// Patterns that Tsunagu's own engine leaves to Foundation (lookaround, backreferences) keep
/// ECMA-262's meaning.
struct SchemaPatternTests {
    @Test func dollarMatchesOnlyAtTheEndInFoundationPatternsToo() throws {
        let plain = try #require(SchemaPattern("^a$"))
        let lookahead = try #require(SchemaPattern("^(?=a)a$"))
        let backreference = try #require(SchemaPattern(#"^(a)\1$"#))
        for pattern in [plain, lookahead] {
            #expect(pattern.matches("a"), "\(pattern.source)")
            #expect(!pattern.matches("a\n"), "\(pattern.source)")
            #expect(!pattern.matches("a\r\n"), "\(pattern.source)")
        }
        #expect(backreference.matches("aa"))
        #expect(!backreference.matches("aa\n"))
    }

    @Test func escapedDollarAndDollarInAClassStayLiteral() throws {
        let escaped = try #require(SchemaPattern(#"^(?=\$)\$[$]$"#))
        #expect(escaped.matches("$$"))
        #expect(!escaped.matches("$$\n"))
        #expect(!escaped.matches("$"))
        let inClass = try #require(SchemaPattern("(?<=x)[$a]"))
        #expect(inClass.matches("x$"))
        #expect(inClass.matches("xa"))
        #expect(!inClass.matches("x\n"))
    }
}
