import BigInt

/// An exact decimal number: `significand × 10^exponent`, with arbitrary precision.
///
/// PACT carries decimals as JSON strings and Catena-X as JSON numbers; both pass through
/// Tsunagu as `ExactDecimal` and never as `Double`. The scale of a value is kept: `1.50`
/// parses to significand 150, exponent −2, and is written back as `1.50`.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The integer digits of the value.
    public let significand: BigInt
    /// The power of ten the significand is scaled by.
    public let exponent: Int

    /// Zero.
    public static let zero = ExactDecimal(significand: 0, exponent: 0)

    /// Creates `significand × 10^exponent`.
    public init(significand: BigInt, exponent: Int) {
        self.significand = significand
        self.exponent = exponent
    }

    /// Creates an integral decimal.
    public init(_ value: Int) {
        self.init(significand: BigInt(value), exponent: 0)
    }

    /// Parses a decimal literal: an optional sign, digits with an optional fraction, and an
    /// optional exponent (`-12.50`, `1e-3`, `+4`). Returns `nil` for anything else, including
    /// empty text, `NaN` and `Infinity`.
    public init?(parsing text: some StringProtocol) {
        var digits = ""
        var exponent = 0
        var sawDigit = false
        var sawPoint = false
        var negative = false
        var utf8 = Substring(text).utf8[...]
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        while let byte = utf8.first {
            if byte >= 0x30 && byte <= 0x39 {
                digits.unicodeScalars.append(Unicode.Scalar(byte))
                sawDigit = true
                if sawPoint { exponent -= 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            utf8 = utf8.dropFirst()
        }
        guard sawDigit else { return nil }
        if let marker = utf8.first {
            guard marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") else { return nil }
            let exponentText = String(Substring(utf8.dropFirst()))
            guard !exponentText.isEmpty, let extra = Int(exponentText), abs(extra) < 1_000_000 else { return nil }
            exponent += extra
        }
        guard let magnitude = BigInt(digits) else { return nil }
        self.init(significand: negative ? -magnitude : magnitude, exponent: exponent)
    }

    /// The number of digits after the decimal point when written plainly (never negative).
    public var scale: Int { max(0, -exponent) }

    /// Whether the value is zero.
    public var isZero: Bool { significand.isZero }

    /// Whether the value is below zero.
    public var isNegative: Bool { significand.signum() < 0 }

    /// Plain notation without an exponent, keeping the scale: `0.001234`, `-15`, `2.50`.
    public var description: String {
        let negative = significand.signum() < 0
        var digits = String(significand.magnitude)
        if exponent >= 0 {
            if significand.isZero { return "0" }
            digits += String(repeating: "0", count: exponent)
            return (negative ? "-" : "") + digits
        }
        let fractionLength = -exponent
        if digits.count <= fractionLength {
            digits = String(repeating: "0", count: fractionLength - digits.count + 1) + digits
        }
        let splitIndex = digits.index(digits.endIndex, offsetBy: -fractionLength)
        return (negative ? "-" : "") + digits[..<splitIndex] + "." + digits[splitIndex...]
    }

    /// The same value with trailing fractional zeros removed (`2.500` → `2.5`, `3.0` → `3`).
    public var normalized: ExactDecimal {
        guard !significand.isZero else { return .zero }
        var value = significand
        var exponent = exponent
        while exponent < 0 {
            let (quotient, remainder) = value.quotientAndRemainder(dividingBy: 10)
            guard remainder.isZero else { break }
            value = quotient
            exponent += 1
        }
        return ExactDecimal(significand: value, exponent: exponent)
    }

    /// This value written with exactly `scale` fractional digits, rounding when digits are dropped.
    public func rounded(toScale scale: Int, _ rule: RoundingRule = .halfEven) -> ExactDecimal {
        let targetExponent = -scale
        if exponent >= targetExponent {
            return ExactDecimal(significand: significand * Self.powerOfTen(exponent - targetExponent), exponent: targetExponent)
        }
        let divisor = Self.powerOfTen(targetExponent - exponent)
        return ExactDecimal(significand: Self.divide(significand, by: divisor, rule), exponent: targetExponent)
    }

    /// This value rounded to `digits` significant digits (never adding digits that are not there).
    public func rounded(toSignificantDigits digits: Int, _ rule: RoundingRule = .halfEven) -> ExactDecimal {
        let length = significand.magnitude.description.count
        guard digits > 0, length > digits else { return self }
        let divisor = Self.powerOfTen(length - digits)
        let rounded = Self.divide(significand, by: divisor, rule)
        return ExactDecimal(significand: rounded, exponent: exponent + length - digits)
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let (left, right) = aligned(lhs, rhs)
        return left < right
    }

    /// Value equality, ignoring scale (`1.0` equals `1.00`).
    public func isNumericallyEqual(to other: ExactDecimal) -> Bool {
        let (left, right) = Self.aligned(self, other)
        return left == right
    }

    static func powerOfTen(_ count: Int) -> BigInt {
        BigInt(10).power(count)
    }

    static func aligned(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> (BigInt, BigInt) {
        if lhs.exponent == rhs.exponent { return (lhs.significand, rhs.significand) }
        if lhs.exponent > rhs.exponent {
            return (lhs.significand * powerOfTen(lhs.exponent - rhs.exponent), rhs.significand)
        }
        return (lhs.significand, rhs.significand * powerOfTen(rhs.exponent - lhs.exponent))
    }

    static func divide(_ dividend: BigInt, by divisor: BigInt, _ rule: RoundingRule) -> BigInt {
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
        guard !remainder.isZero else { return quotient }
        let sign: BigInt = (dividend.signum() < 0) != (divisor.signum() < 0) ? -1 : 1
        let twiceRemainder = remainder.magnitude * 2
        let comparison = twiceRemainder == divisor.magnitude ? 0 : (twiceRemainder < divisor.magnitude ? -1 : 1)
        let awayFromZero: Bool
        switch rule {
        case .down: awayFromZero = false
        case .up: awayFromZero = true
        case .halfUp: awayFromZero = comparison >= 0
        case .halfEven: awayFromZero = comparison > 0 || (comparison == 0 && !(quotient % 2).isZero)
        }
        return awayFromZero ? quotient + sign : quotient
    }
}

/// How digits that do not fit are rounded away.
public enum RoundingRule: String, Sendable, CaseIterable, Codable {
    /// Toward zero (truncate).
    case down
    /// Away from zero.
    case up
    /// To nearest, ties away from zero.
    case halfUp
    /// To nearest, ties to the even neighbour (banker's rounding).
    case halfEven
}
