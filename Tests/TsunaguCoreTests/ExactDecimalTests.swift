import BigInt
import Testing
@testable import TsunaguCore
import TsunaguTestSupport

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

    /// Values whose exponents lie a million apart compare by the places of their leading digits,
    /// without building a number of a million digits (a partner's filter may ask for that).
    @Test func comparesValuesOfFarApartExponents() {
        #expect(decimal("-1e-999999") < decimal("0"))
        #expect(decimal("1e-999999") < decimal("1"))
        #expect(!(decimal("1e999999") < decimal("123456789012345678901234567890")))
        #expect(decimal("-1e999999") < decimal("-1e-999999"))
        #expect(!decimal("1e999999").isNumericallyEqual(to: decimal("1e-999999")))
        #expect(decimal("0e999999").isNumericallyEqual(to: decimal("0.000")))
        #expect(decimal("10e999998").isNumericallyEqual(to: decimal("1e999999")))
    }

    /// Where the signs or the leading digits' places decide the order, it is the order that
    /// aligning the two values gives.
    @Test func theOrderByMagnitudeAgreesWithAligning() {
        var random = SeededRandom(seed: 0x6F72_6465_7273)
        var decided = 0
        for _ in 0..<4_000 {
            let values = (0..<2).map { _ in
                let digits = String((0..<Int(random.next() % 30 + 1)).map { _ in Character(String(random.next() % 10)) })
                let sign = random.next() % 3 == 0 ? "-" : ""
                return decimal("\(sign)\(digits)e\(Int(random.next() % 81) - 40)")
            }
            let (left, right) = ExactDecimal.aligned(values[0], values[1])
            let aligned = left < right ? -1 : (left == right ? 0 : 1)
            if let order = ExactDecimal.order(byMagnitude: values[0], values[1]) {
                decided += 1
                #expect(order == aligned, "\(values[0]) vs \(values[1])")
            }
            #expect((values[0] < values[1]) == (aligned < 0))
            #expect(values[0].isNumericallyEqual(to: values[1]) == (aligned == 0))
        }
        #expect(decided > 2_000, "most pairs are decided without aligning: \(decided)")
    }

    @Test func summariesOfHugeOrTinyValuesUseAnExponent() {
        #expect(decimal("1e999999").summary == "1e999999")
        #expect(decimal("-25e-999999").summary == "-25e-999999")
        #expect(decimal("1.50").summary == "1.50")
        #expect(decimal("12e3").summary == "12000")
        #expect(decimal("0.00000000000000000000000000000000000000000001").summary == "1e-44")
    }

    /// Significands of up to 19 digits are read in a machine word, longer ones as text: both give
    /// the value a plain digit-by-digit reading gives, on either side of the boundary.
    @Test(arguments: [
        "9999999999999999999", "10000000000000000000", "18446744073709551615", "18446744073709551616",
        "-18446744073709551616.5", "0.00000000000000000000000000000000000001", "184467440737095516150",
        "000123.4500", "+7", "-0", ".5", "5.", "12e3", "1.5e-40", "-999999999999999999999999999999e+2",
    ])
    func readsEveryLengthOfSignificandExactly(text: String) throws {
        let parsed = try #require(ExactDecimal(parsing: text))
        #expect(parsed == Self.reference(text), "\(text)")
    }

    @Test(arguments: ["1e", "1e+", "e5", "--1", "1.2.3", "1e1000000", "+", "-", ".", "1x", "1e5.0", " 1"])
    func refusesWhatIsNotADecimalLiteral(text: String) {
        #expect(ExactDecimal(parsing: text) == nil, "\(text)")
    }

    @Test func writesSignificandsBeyondAMachineWord() {
        #expect(decimal("18446744073709551615").description == "18446744073709551615")
        #expect(decimal("18446744073709551616").description == "18446744073709551616")
        #expect(decimal("-184467440737095516.17").description == "-184467440737095516.17")
        #expect((decimal("18446744073709551615") + decimal("1")).description == "18446744073709551616")
        #expect(decimal("1").rounded(toScale: 45).description == "1." + String(repeating: "0", count: 45), "a power of ten past the precomputed ones")
    }

    /// A literal read the plain way: digits collected as text and handed to `BigInt`.
    static func reference(_ text: String) -> ExactDecimal? {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        let mantissa = rest.prefix { $0 != "e" && $0 != "E" }
        var exponent = 0
        if mantissa.count < rest.count { exponent = Int(rest.dropFirst(mantissa.count + 1)) ?? 0 }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? parts[1] : ""
        guard let magnitude = BigInt(String(parts[0] + fraction)) else { return nil }
        return ExactDecimal(significand: negative ? -magnitude : magnitude, exponent: exponent - fraction.count)
    }
}
