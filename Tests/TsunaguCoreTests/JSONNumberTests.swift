import Testing
@testable import TsunaguCore

/// `JSONNumber(text:)` accepts exactly the literals JSON's grammar allows, as the parser does.
@Suite struct JSONNumberTests {
    @Test(arguments: [
        "0", "-0", "1.50", "-0.0125", "1.5E+3", "2e-7", "123456789012345678901234567890.000000000000000000001", "1E+999999",
    ])
    func acceptsValidLiterals(_ text: String) throws {
        let number = try #require(JSONNumber(text: text))
        #expect(number.text == text)
        #expect(JSONNumber.isValidLiteral(Array(text.utf8)))
    }

    @Test(arguments: [
        "", "-", "01", "1.", ".5", "+1", "1e", "1E+", "0x10", "1,5", "12,5", " 1", "1 ", "NaN", "1E+1000000", "١", "1.5E+3.0",
    ])
    func refusesEverythingElse(_ text: String) {
        #expect(JSONNumber(text: text) == nil)
        #expect(JSONNumber(text: String(text[...])) == nil, "a string made from a substring")
    }

    @Test func onlyLiteralsWithAnExponentReportOne() throws {
        for text in ["1.5E+3", "2e-7", "-0E0"] {
            #expect(try #require(JSONNumber(text: text)).hasExponent, "\(text)")
        }
        for text in ["0", "-12.50", "1000"] {
            #expect(try !#require(JSONNumber(text: text)).hasExponent, "\(text)")
        }
    }

    /// Numbers share a canonical text exactly when their values are equal, without writing out
    /// the exponent.
    @Test(arguments: [
        (["1.50", "15e-1", "0.15E1", "1.5"], "15e-1"),
        (["0", "-0.0", "0e5", "0.000"], "0"),
        (["100", "1E+2", "1e2", "0.01e4"], "1e2"),
        (["-1.0", "-1", "-10e-1"], "-1e0"),
        (["1e999999", "10e999998"], "1e999999"),
    ])
    func canonicalTextIsSharedByEqualValues(_ texts: [String], _ expected: String) throws {
        for text in texts {
            #expect(try #require(JSONNumber(text: text)).canonicalText == expected, "\(text)")
        }
        #expect(try #require(JSONNumber(text: "1e999999")).canonicalText.utf8.count < 20)
    }
}
