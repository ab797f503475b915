/// Bytes written as lowercase hexadecimal digits, as the audit trail's content hashes and the
/// derived relay request ids are. (`String(format: "%02x")` per byte cost a tenth of a
/// millisecond per hash, on the path of every relay.)
enum HexDigits {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `bytes` as two lowercase hexadecimal digits each.
    static func text(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
