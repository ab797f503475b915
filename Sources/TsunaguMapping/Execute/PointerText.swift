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
        decoded.value(for: text) {
            var bytes = text
            return bytes.withUTF8(decode)
        }
    }

    private static let decoded = BoundedMemo<String, [String]>(limit: decodedLimit)
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
