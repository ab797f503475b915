/// An object member name with its hash, computed once: a name that is looked up again and again
/// (a mapping's paths, a schema's properties) is best kept as a key.
///
/// Two keys are equal when their hashes are and their names are equal strings. The hash is taken
/// over the UTF-8 bytes, so names that differ in their bytes are told apart as JSON tells them
/// apart (`"é"` written precomposed and decomposed are two names, though Swift's `String` calls
/// them equal), unless their hashes collide.
///
/// The hash is cheap and unseeded: ``JSONObject`` uses it only to skip members whose name cannot
/// match, and always compares the names themselves, so names that share a hash cost a comparison
/// each, never a wrong answer. `Hashable` hashes the name with the process's seeded hasher, so a
/// dictionary of keys stays fast whatever names a partner sends.
public struct JSONKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, ExpressibleByStringLiteral {
    /// The member name.
    public let name: String
    /// The name's hash (see ``JSONKey/hash(of:)``).
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

    public var description: String { name }

    public var debugDescription: String { name.debugDescription }

    public static func == (left: JSONKey, right: JSONKey) -> Bool {
        left.hash == right.hash && left.name == right.name
    }

    /// Hashes the name with the process's seeded hasher (equal keys have equal names).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
    }

    /// A hash of the UTF-8 bytes of `name`, eight at a time.
    @inlinable
    public static func hash(of name: String) -> Int {
        var name = name
        return name.withUTF8 { bytes in hash(of: bytes) }
    }

    /// A hash of `bytes`, eight at a time.
    @inlinable
    public static func hash(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var state = UInt64(truncatingIfNeeded: bytes.count) &* multiplier
        guard let base = bytes.baseAddress else { return Int(truncatingIfNeeded: state) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
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
            state = (state ^ tail) &* multiplier
            state ^= state >> 29
        }
        return Int(truncatingIfNeeded: state)
    }
}
