import Testing
@testable import TsunaguCore

@Suite struct ExactDecimalTests {
    func decimal(_ text: String) -> ExactDecimal { ExactDecimal(parsing: text)! }

    @Test(arguments: ["0", "1.50", "-0.001234", "123456789012345678901234567890.000000000000000000001", "10"])
    func roundTripsItsText(text: String) {
        #expect(decimal(text).description == text)
    }

    @Test func parsesExponentsIntoPlainText() {
        #expect(decimal("1.5E+3").description == "1500")
        #expect(decimal("25e-4").description == "0.0025")
        #expect(ExactDecimal(parsing: "abc") == nil)
        #expect(ExactDecimal(parsing: "1e") == nil)
        #expect(ExactDecimal(parsing: "") == nil)
    }

    @Test func arithmeticIsExact() {
        #expect((decimal("0.1") + decimal("0.2")).description == "0.3")
        #expect((decimal("1.234") * decimal("0.001")).description == "0.001234")
        #expect((decimal("5") - decimal("7.25")).description == "-2.25")
        #expect(decimal("1").dividedExactly(by: decimal("1000"))?.description == "0.001")
        #expect(decimal("1").dividedExactly(by: decimal("3.6")) == nil)
        #expect(decimal("7.2").dividedExactly(by: decimal("3.6"))?.normalized.description == "2")
        #expect(decimal("1").divided(by: decimal("3"), scale: 4)?.description == "0.3333")
    }

    @Test func exactQuotientsKeepTheDividendsScale() {
        #expect(decimal("16.40").dividedExactly(by: decimal("2.0"))?.description == "8.20")
        #expect(decimal("16.40").dividedExactly(by: decimal("2"))?.description == "8.20")
        #expect(decimal("1043.8810").dividedExactly(by: decimal("1"))?.description == "1043.8810")
        #expect(decimal("7.2").dividedExactly(by: decimal("3.6"))?.description == "2.0")
        #expect(decimal("1.5").dividedExactly(by: decimal("4"))?.description == "0.375", "more digits when the exact value needs them")
        #expect(decimal("1500").dividedExactly(by: decimal("1E+3"))?.description == "1.500")
        #expect(decimal("10").dividedExactly(by: decimal("0.25"))?.description == "40")
    }

    @Test func roundingRules() {
        #expect(decimal("2.345").rounded(toScale: 2, .halfEven).description == "2.34")
        #expect(decimal("2.355").rounded(toScale: 2, .halfEven).description == "2.36")
        #expect(decimal("2.345").rounded(toScale: 2, .halfUp).description == "2.35")
        #expect(decimal("-2.345").rounded(toScale: 1, .down).description == "-2.3")
        #expect(decimal("123.456").rounded(toSignificantDigits: 2).description == "120")
        #expect(decimal("1.5").rounded(toScale: 3).description == "1.500")
    }

    @Test func comparesByValue() {
        #expect(decimal("1.0").isNumericallyEqual(to: decimal("1.00")))
        #expect(decimal("1.0") != decimal("1.00"))
        #expect(decimal("-3") < decimal("0.001"))
        #expect(decimal("2.50").normalized.description == "2.5")
    }
}
