/// A JSON number kept as its exact literal text.
///
/// Foundation's JSON decoding turns numbers into `Double` and loses digits; Tsunagu never does.
/// Two numbers are equal when their text is equal (`1.0` and `1.00` differ, as they do for a
/// partner comparing documents); use ``decimal`` to compare values.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal as it appears in JSON, for example `-0.0125` or `1.5E+3`.
    public let text: String

    /// Creates a number from JSON number text, or `nil` when `text` is not a valid JSON number
    /// literal or its exponent is beyond ±999 999 (no exact decimal holds it; see ``decimal``).
    public init?(text: String) {
        // Checked over the contiguous UTF-8 bytes when the string has them (as the parser checks
        // its buffer), which is several times faster than stepping through the UTF-8 view.
        let valid =
            text.utf8.withContiguousStorageIfAvailable { JSONNumber.isValidLiteral($0) && JSONNumber.hasRepresentableExponent($0) }
            ?? (JSONNumber.isValidLiteral(text.utf8) && JSONNumber.hasRepresentableExponent(text.utf8))
        guard valid else { return nil }
        self.text = text
    }

    /// Creates a number from an integer.
    public init(_ value: Int) {
        self.text = String(value)
    }

    /// Creates a number from an exact decimal, written in plain (non-exponent) notation.
    public init(_ value: ExactDecimal) {
        self.text = value.description
    }

    init(uncheckedText text: String) {
        self.text = text
    }

    /// The exact decimal value of the literal.
    ///
    /// Exact for every `JSONNumber`: the initialisers and `JSONParser` refuse literals whose
    /// exponent is beyond ±999 999, the only valid JSON literals an ``ExactDecimal`` cannot hold.
    /// Use ``exactDecimal`` where a number may come from elsewhere.
    public var decimal: ExactDecimal {
        exactDecimal ?? ExactDecimal.zero
    }

    /// The exact decimal value of the literal, or `nil` when no exact decimal holds it (an exponent
    /// beyond ±999 999, which the initialisers and the parser already refuse).
    public var exactDecimal: ExactDecimal? {
        ExactDecimal(parsing: text)
    }

    /// Whether the exponent of a valid literal (if it has one) is within ±999 999, the range
    /// ``ExactDecimal`` parses.
    static func hasRepresentableExponent<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        guard let marker = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else { return true }
        var digits = bytes[bytes.index(after: marker)...].drop { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
        digits = digits.drop { $0 == UInt8(ascii: "0") }
        return digits.count <= 6
    }

    public var description: String { text }

    /// Whether the literal is written with an exponent (`1.5E+3`), which a plain decimal string
    /// cannot keep character for character.
    public var hasExponent: Bool {
        text.utf8.contains { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// Whether `bytes` is a number literal as JSON's grammar (RFC 8259) defines it.
    static func isValidLiteral<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var index = bytes.startIndex
        func peek() -> UInt8? { index < bytes.endIndex ? bytes[index] : nil }
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        func skipDigits() -> Int {
            var count = 0
            while isDigit(peek()) { index = bytes.index(after: index); count += 1 }
            return count
        }
        if peek() == UInt8(ascii: "-") { index = bytes.index(after: index) }
        if peek() == UInt8(ascii: "0") {
            index = bytes.index(after: index)
        } else if skipDigits() == 0 {
            return false
        }
        if peek() == UInt8(ascii: ".") {
            index = bytes.index(after: index)
            if skipDigits() == 0 { return false }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index = bytes.index(after: index)
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index = bytes.index(after: index) }
            if skipDigits() == 0 { return false }
        }
        return index == bytes.endIndex
    }
}
