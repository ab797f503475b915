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
        var text = String(text)
        guard let parsed = text.withUTF8(Self.parse) else { return nil }
        self = parsed
    }

    /// The literal in `bytes`. Up to 19 digits accumulate in a machine word; longer ones are
    /// handed to `BigInt` as text.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ExactDecimal? {
        var position = bytes.startIndex
        let negative = readSign(bytes, at: &position)
        var small: UInt64 = 0
        var fits = true
        var digitCount = 0
        var exponent = 0
        var sawPoint = false
        let digitsStart = position
        while position != bytes.endIndex {
            let byte = bytes[position]
            if byte >= 0x30 && byte <= 0x39 {
                digitCount += 1
                if sawPoint { exponent -= 1 }
                if fits {
                    let (times, overflow) = small.multipliedReportingOverflow(by: 10)
                    let (sum, carry) = times.addingReportingOverflow(UInt64(byte - 0x30))
                    if overflow || carry { fits = false } else { small = sum }
                }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            position += 1
        }
        guard digitCount > 0 else { return nil }
        let digitsEnd = position
        if position != bytes.endIndex {
            guard bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") else { return nil }
            guard let extra = exponentValue(bytes, from: position + 1) else { return nil }
            exponent += extra
        }
        let magnitude: BigInt
        if fits {
            magnitude = BigInt(sign: .plus, magnitude: Self.one.multiplied(byWord: UInt(small)))
        } else {
            var digits = String()
            digits.reserveCapacity(digitCount)
            for byte in bytes[digitsStart..<digitsEnd] where byte != UInt8(ascii: ".") {
                digits.unicodeScalars.append(Unicode.Scalar(byte))
            }
            guard let parsed = BigInt(digits) else { return nil }
            magnitude = parsed
        }
        return ExactDecimal(significand: negative ? -magnitude : magnitude, exponent: exponent)
    }

    /// Skips an optional `+` or `-` at `position`; whether it was `-`.
    private static func readSign(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) -> Bool {
        guard position != bytes.endIndex, bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") else { return false }
        position += 1
        return bytes[position - 1] == UInt8(ascii: "-")
    }

    /// The exponent from `start` to the end: digits with an optional sign, below one million in
    /// magnitude; `nil` otherwise.
    private static func exponentValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var position = start
        let negative = readSign(bytes, at: &position)
        guard position != bytes.endIndex else { return nil }
        var value = 0
        while position != bytes.endIndex {
            let byte = bytes[position]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            guard value < 1_000_000 else { return nil }
            position += 1
        }
        return negative ? -value : value
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
        var digits = Self.digits(of: significand.magnitude)
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
        if let order = order(byMagnitude: lhs, rhs) { return order < 0 }
        let (left, right) = aligned(lhs, rhs)
        return left < right
    }

    /// Value equality, ignoring scale (`1.0` equals `1.00`).
    public func isNumericallyEqual(to other: ExactDecimal) -> Bool {
        if let order = Self.order(byMagnitude: self, other) { return order == 0 }
        let (left, right) = Self.aligned(self, other)
        return left == right
    }

    /// -1, 0 or 1 when the signs or the places of the leading digits decide the order, without
    /// aligning the values: aligning `1e-999999` with `1` builds a number of a million digits, and
    /// a partner's filter or document can ask for such comparisons. `nil` when they do not decide;
    /// the exponents then differ by no more than the significands' lengths.
    static func order(byMagnitude lhs: ExactDecimal, _ rhs: ExactDecimal) -> Int? {
        let (left, right) = (Int(lhs.significand.signum()), Int(rhs.significand.signum()))
        if left != right { return left < right ? -1 : 1 }
        if left == 0 { return 0 }
        // With both of one sign, the larger magnitude is the larger positive or smaller negative value.
        let (leftPlaces, rightPlaces) = (lhs.leadingDigitPlaces, rhs.leadingDigitPlaces)
        if leftPlaces.upperBound < rightPlaces.lowerBound { return -left }
        if rightPlaces.upperBound < leftPlaces.lowerBound { return left }
        return nil
    }

    /// Bounds of the power of ten of the leading digit, from the significand's bit width: a
    /// significand of `b` bits lies in [2^(b-1), 2^b), and log10(2) lies in (0.30102, 0.30103).
    private var leadingDigitPlaces: ClosedRange<Int> {
        let bits = significand.magnitude.bitWidth
        return (exponent + (bits - 1) * 30102 / 100_000)...(exponent + bits * 30103 / 100_000)
    }

    /// The value for a message: plain notation (``description``) unless that would run to more
    /// than 40 zeros a partner's exponent added, then `significand` `e` `exponent` (`1e999999`).
    public var summary: String {
        let zeros = exponent >= 0 ? exponent : -exponent - significand.magnitude.bitWidth * 30103 / 100_000
        guard zeros > 40 else { return description }
        return (significand.signum() < 0 ? "-" : "") + Self.digits(of: significand.magnitude) + "e" + String(exponent)
    }

    static func powerOfTen(_ count: Int) -> BigInt {
        count < smallPowersOfTen.count ? smallPowersOfTen[count] : BigInt(10).power(count)
    }

    /// 10^0 through 10^38, the powers that aligning and scaling everyday values need.
    private static let smallPowersOfTen: [BigInt] = (0...38).map { BigInt(10).power($0) }

    /// The decimal digits of `magnitude`: through a machine word when it fits in one.
    private static func digits(of magnitude: BigUInt) -> String {
        if magnitude.bitWidth <= UInt.bitWidth { return String(magnitude.words[0]) }
        return String(magnitude)
    }

    /// One, to make a `BigUInt` of one word by `multiplied(byWord:)`: BigInt's initialisers from
    /// an integer are generic and not specialised across its module boundary, so each walks the
    /// integer's words through protocol witnesses, which costs more than the parse around it.
    private static let one: BigUInt = 1

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
