/// An object member name with its hash, computed once: a name that is looked up again and again
/// (a mapping's paths, a schema's properties) is best kept as a key.
///
/// Two keys are equal when their names are equal strings, as Swift compares them everywhere else
/// in Tsunagu (canonical equivalence: `"é"` written precomposed and decomposed is one name, so the
/// parser refuses an object that names both).
///
/// The hash is cheap and unseeded: ``JSONObject`` uses it only to skip members whose name cannot
/// match, and always compares the names themselves, so names that share a hash cost a comparison
/// each, never a wrong answer. It is taken over the UTF-8 bytes of a plain ASCII name; every name
/// that another spelling could equal (one with a non-ASCII character, or with `K`, `;` or `` ` ``,
/// which the Kelvin sign, the Greek question mark and the Greek varia stand for) gets one shared
/// hash, so equal names always share a hash. `Hashable` hashes the name with the process's seeded
/// hasher, so a dictionary of keys stays fast whatever names a partner sends.
public struct JSONKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, ExpressibleByStringLiteral {
    /// The member name.
    public let name: String
    /// The name's prefilter hash (see ``JSONKey/hash(of:)``).
    public let hash: Int

    /// The key of `name`.
    @inlinable
    public init(_ name: String) {
        self.name = name
        self.hash = Self.hash(of: name)
    }

    /// The key of a name written in code.
    public init(stringLiteral name: String) {
        self.init(name)
    }

    /// A key whose hash is already known.
    @inlinable
    init(precomputed name: String, hash: Int) {
        self.name = name
        self.hash = hash
    }

    /// The name.
    public var description: String { name }

    /// The name as a string literal.
    public var debugDescription: String { name.debugDescription }

    /// Whether the names are equal strings.
    public static func == (left: JSONKey, right: JSONKey) -> Bool {
        left.hash == right.hash && left.name == right.name
    }

    /// Hashes the name with the process's seeded hasher (equal keys have equal names).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
    }

    /// The hash shared by every name that another spelling could equal.
    public static let respelledHash = Int(bitPattern: 0x5EED_5EED_5EED_5EED)

    /// The prefilter hash of `name`: a hash of its UTF-8 bytes, eight at a time, or
    /// ``respelledHash`` when another spelling of the name could be an equal string.
    @inlinable
    public static func hash(of name: String) -> Int {
        var name = name
        return name.withUTF8 { bytes in hash(of: bytes) }
    }

    /// The prefilter hash of the UTF-8 `bytes` of a name (see ``hash(of:)-swift.type.method``).
    @inlinable
    public static func hash(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var state = UInt64(truncatingIfNeeded: bytes.count) &* multiplier
        guard let base = bytes.baseAddress else { return Int(truncatingIfNeeded: state) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        var respellable = false
        while offset + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            respellable = respellable || mayBeRespelled(word)
            state = (state ^ word) &* multiplier
            state ^= state >> 29
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                tail |= UInt64(bytes[offset]) << shift
                shift += 8
                offset += 1
            }
            // The zero bytes above the tail are plain ASCII and none of the three characters.
            respellable = respellable || mayBeRespelled(tail)
            state = (state ^ tail) &* multiplier
            state ^= state >> 29
        }
        return respellable ? respelledHash : Int(truncatingIfNeeded: state)
    }

    /// Whether one of the eight bytes of `word` is not ASCII, or is `K`, `;` or `` ` ``: the
    /// characters that another spelling could equal.
    @inlinable
    static func mayBeRespelled(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasByte(_ byte: UInt64) -> Bool {
            let masked = word ^ (byte &* ones)
            return (masked &- ones) & ~masked & highs != 0
        }
        return word & highs != 0 || hasByte(0x4B) || hasByte(0x3B) || hasByte(0x60)
    }
}
