import Crypto

/// Name-based UUIDs (version 8, RFC 9562) from SHA-256 of their parts: the same whenever the parts
/// are, so a redelivered request maps to the relay it already started and an Ouranos operator or
/// plant keeps its id across restarts.
enum DerivedUUID {
    /// The UUID of `parts` (joined by line feeds before hashing), in lower case.
    static func make(_ parts: String...) -> String {
        var bytes = Array(SHA256.hash(data: Array(parts.joined(separator: "\n").utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = HexDigits.text(bytes)
        let groups = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return groups.joined(separator: "-")
    }
}
