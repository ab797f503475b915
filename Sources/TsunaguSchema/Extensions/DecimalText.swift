import TsunaguCore

/// PACT's `Decimal`: a JSON string holding a plain decimal number (`"12.5"`, `"-0.003"`).
enum DecimalText {
    /// The value of `text` when it is a PACT decimal string (`^-?\d+(\.\d+)?$`), else `nil`.
    static func value(_ text: String) -> ExactDecimal? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < scalars.count, scalars[index].isASCIIDigit { index += 1 }
            return index - start
        }
        if scalars.first == "-" { index = 1 }
        guard digits() > 0 else { return nil }
        if index < scalars.count, scalars[index] == "." {
            index += 1
            guard digits() > 0 else { return nil }
        }
        guard index == scalars.count else { return nil }
        return ExactDecimal(parsing: text)
    }
}
