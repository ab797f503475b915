/// A Japanese corporate number (法人番号): 13 digits whose leftmost digit is a check digit.
///
/// The check digit is 9 − (Σ Pn × Qn mod 9) over the other 12 digits Pn, counted from the
/// right (n = 1 is the rightmost), with Qn = 1 for odd n and 2 for even n.
public struct CorporateNumber: Sendable, Hashable, CustomStringConvertible {
    /// The 13 digits.
    public let digits: String

    /// Checks `text`; `nil` unless it is 13 ASCII digits with a correct check digit.
    public init?(_ text: String) {
        guard text.utf8.count == 13, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let first = text.utf8.first, Int(first - 0x30) == CorporateNumber.checkDigit(forBody: String(text.dropFirst()))
        else { return nil }
        digits = text
    }

    /// The check digit for the 12-digit body (the number without its leftmost digit), or `nil` when the body is not 12 digits.
    public static func checkDigit(forBody body: String) -> Int? {
        let values = body.utf8.map { Int($0) - 0x30 }
        guard values.count == 12, values.allSatisfy({ (0...9).contains($0) }) else { return nil }
        var sum = 0
        for (offset, value) in values.reversed().enumerated() {
            let position = offset + 1
            sum += value * (position.isMultiple(of: 2) ? 2 : 1)
        }
        return 9 - sum % 9
    }

    public var description: String { digits }
}
