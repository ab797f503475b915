import BigInt

extension JSONNumber {
    /// A text that two numbers share exactly when their values are equal (`1.50`, `15e-1` and
    /// `0.15E1` all read `15e-1`), made from the literal's characters without writing out its
    /// exponent: `1e999999` stays a few bytes, where its decimal expansion is a million digits.
    public var canonicalText: String {
        let bytes = Array(text.utf8)
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index = 1 }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var inFraction = false
        while index < bytes.count, bytes[index] != UInt8(ascii: "e"), bytes[index] != UInt8(ascii: "E") {
            if bytes[index] == UInt8(ascii: ".") {
                inFraction = true
            } else {
                digits.append(bytes[index])
                if inFraction { fractionDigits += 1 }
            }
            index += 1
        }
        guard let first = digits.firstIndex(where: { $0 != UInt8(ascii: "0") }), let last = digits.lastIndex(where: { $0 != UInt8(ascii: "0") }) else {
            return "0"
        }
        var exponentText = index < bytes.count ? String(decoding: bytes[(index + 1)...], as: UTF8.self) : "0"
        if exponentText.hasPrefix("+") { exponentText.removeFirst() }
        let exponent = (BigInt(exponentText) ?? 0) - BigInt(fractionDigits) + BigInt(digits.count - 1 - last)
        return (negative ? "-" : "") + String(decoding: digits[first...last], as: UTF8.self) + "e" + exponent.description
    }
}
