/// The content hash that audit trails name a rules file by (a mapping, a policy): FNV-1a 64 over
/// its bytes, as 16 hexadecimal digits. It tells versions of one file apart; it is not a
/// cryptographic digest.
public enum ContentHash {
    /// The hash of `bytes`.
    public static func fnv1a64(_ bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
