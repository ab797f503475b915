import Foundation

/// JSON Pointer text for carry patches, with a fast path for the common tokens that need no
/// escaping (the general `JSONPointer` walks every character).
enum PointerText {
    static func encode(_ tokens: [String]) -> String {
        var length = tokens.count
        for token in tokens {
            let plain = token.utf8.withContiguousStorageIfAvailable { bytes in
                !bytes.contains { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }
            }
            guard plain == true else { return escaping(tokens) }
            length += token.utf8.count
        }
        // Without escapes the text is the tokens' bytes behind slashes: copied into one buffer
        // instead of appended piece by piece, each token's bytes at once.
        return String(unsafeUninitializedCapacity: length) { buffer in
            var position = 0
            for token in tokens {
                buffer[position] = UInt8(ascii: "/")
                position += 1
                position += token.utf8.withContiguousStorageIfAvailable { bytes in
                    UnsafeMutableBufferPointer(rebasing: buffer[position...]).initialize(fromContentsOf: bytes)
                } ?? UnsafeMutableBufferPointer(rebasing: buffer[position...]).initialize(from: token.utf8).1
            }
            return position
        }
    }

    private static func escaping(_ tokens: [String]) -> String {
        var text = ""
        for token in tokens {
            text.append("/")
            text.append(token.replacing("~", with: "~0").replacing("/", with: "~1"))
        }
        return text
    }

    /// The tokens of pointer text; `nil` unless it is empty or starts with '/' and escapes are valid.
    ///
    /// Carries of one partner name the same fields document after document: the tokens of texts
    /// seen before are taken from ``decoded`` (up to ``decodedLimit`` texts), which spares
    /// cutting them out again, and leaves later comparisons of the shared tokens a pointer check.
    static func decode(_ text: String) -> [String]? {
        decoded.value(for: Spelling(text: text)) {
            var bytes = text
            return bytes.withUTF8(decode)
        }
    }

    private static let decoded = BoundedMemo<Spelling, [String]>(limit: decodedLimit)

    /// Whether two texts are the same bytes. `==` also equates the Unicode spellings of one text
    /// (é as one code point, or as e and a combining accent), which a carry keeps apart: each
    /// document gets its own spelling of a member name back.
    static func sameSpelling(_ left: String, _ right: String) -> Bool {
        var left = left
        var right = right
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                guard leftBytes.count == rightBytes.count else { return false }
                // The same storage (texts a cache handed out) needs no look at the bytes.
                guard let leftBase = leftBytes.baseAddress, let rightBase = rightBytes.baseAddress, leftBase != rightBase else { return true }
                return memcmp(leftBase, rightBase, leftBytes.count) == 0
            }
        }
    }

    /// Whether `text` is `kept`, byte for byte, knowing whether `kept` is all ASCII: then equal
    /// strings of equal length are the same bytes (an ASCII text's other spellings use the Kelvin
    /// sign, the Greek question mark or varia, each longer than the letter it stands for), which
    /// spares the look at the bytes for the texts of footprint documents.
    static func sameSpelling(_ text: String, as kept: String, keptIsASCII: Bool) -> Bool {
        guard text == kept, text.utf8.count == kept.utf8.count else { return false }
        return keptIsASCII || sameSpelling(text, kept)
    }

    /// Whether `pointer` is `kept`, token by token (see ``sameSpelling(_:as:keptIsASCII:)``).
    static func sameSpelling(_ pointer: [String], as kept: [String], keptIsASCII: Bool) -> Bool {
        pointer.count == kept.count && zip(pointer, kept).allSatisfy { sameSpelling($0, as: $1, keptIsASCII: keptIsASCII) }
    }

    /// Whether every text is ASCII.
    static func isASCII(_ texts: [String]) -> Bool {
        texts.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
    }

    /// A text as a memo key: equal and hashed by its bytes (see ``sameSpelling(_:_:)``).
    private struct Spelling: Hashable, Sendable {
        let text: String

        static func == (left: Spelling, right: Spelling) -> Bool {
            PointerText.sameSpelling(left.text, right.text)
        }

        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }
    static let decodedLimit = 16_384

    /// The tokens of pointer text in UTF-8, cut out of the bytes directly.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        guard let first = bytes.first else { return [] }
        guard first == UInt8(ascii: "/") else { return nil }
        // Room for every token at once: grown one append at a time, the array was copied up to
        // four times for a pointer of eight tokens.
        var tokens: [String] = []
        tokens.reserveCapacity(bytes.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 })
        var start = 1
        var escaped = false
        for index in 1...bytes.count {
            if index < bytes.count {
                if bytes[index] == UInt8(ascii: "~") { escaped = true }
                guard bytes[index] == UInt8(ascii: "/") else { continue }
            }
            let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if escaped {
                guard let unescaped = unescape(token) else { return nil }
                tokens.append(unescaped)
            } else {
                tokens.append(token)
            }
            start = index + 1
            escaped = false
        }
        return tokens
    }

    private static func unescape(_ token: String) -> String? {
        var unescaped = ""
        var characters = token.makeIterator()
        while let character = characters.next() {
            guard character == "~" else {
                unescaped.append(character)
                continue
            }
            switch characters.next() {
            case "0": unescaped.append("~")
            case "1": unescaped.append("/")
            default: return nil
            }
        }
        return unescaped
    }
}
