import BigInt

extension ExactDecimal {
    /// The exact sum; its scale is the larger of the two scales.
    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        let (left, right) = aligned(lhs, rhs)
        return ExactDecimal(significand: left + right, exponent: min(lhs.exponent, rhs.exponent))
    }

    /// The exact difference; its scale is the larger of the two scales.
    public static func - (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        let (left, right) = aligned(lhs, rhs)
        return ExactDecimal(significand: left - right, exponent: min(lhs.exponent, rhs.exponent))
    }

    /// The exact product; its scale is the sum of the two scales.
    public static func * (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        ExactDecimal(significand: lhs.significand * rhs.significand, exponent: lhs.exponent + rhs.exponent)
    }

    /// The negated value.
    public static prefix func - (value: ExactDecimal) -> ExactDecimal {
        ExactDecimal(significand: -value.significand, exponent: value.exponent)
    }

    /// The quotient when it has a finite decimal expansion of at most `maximumScale` fractional
    /// digits (dividing by 1000 always has one; dividing by 3.6 usually does not), else `nil`.
    ///
    /// The quotient keeps at least the dividend's scale, like `+` and `-` keep their operands':
    /// `16.40 / 2.0` is `8.20`, not `8.2`; it has more fractional digits only when the exact value
    /// needs them (`1.5 / 4` is `0.375`).
    public func dividedExactly(by divisor: ExactDecimal, maximumScale: Int = 64) -> ExactDecimal? {
        guard !divisor.isZero else { return nil }
        // self / divisor = (a × 10^e1) / (b × 10^e2); scale the dividend until the division is exact,
        // starting from the dividend's own scale.
        let startingDigits = max(0, -divisor.exponent)
        for extraDigits in startingDigits...max(startingDigits, maximumScale) {
            let dividend = significand * Self.powerOfTen(extraDigits)
            let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor.significand)
            if remainder.isZero {
                return ExactDecimal(significand: quotient, exponent: exponent - divisor.exponent - extraDigits)
            }
        }
        return nil
    }

    /// The quotient written with `scale` fractional digits, rounded by `rule`.
    /// - Returns: `nil` when `divisor` is zero.
    public func divided(by divisor: ExactDecimal, scale: Int, _ rule: RoundingRule = .halfEven) -> ExactDecimal? {
        guard !divisor.isZero else { return nil }
        // Result exponent −scale: q = a × 10^(e1 − e2 + scale) / b.
        let shift = exponent - divisor.exponent + scale
        var dividend = significand
        var divisorSignificand = divisor.significand
        if shift >= 0 {
            dividend *= Self.powerOfTen(shift)
        } else {
            divisorSignificand *= Self.powerOfTen(-shift)
        }
        return ExactDecimal(significand: Self.divide(dividend, by: divisorSignificand, rule), exponent: -scale)
    }
}
