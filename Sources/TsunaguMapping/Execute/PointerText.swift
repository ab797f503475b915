/// JSON Pointer text for carry patches, with a fast path for the common tokens that need no
/// escaping (the general `JSONPointer` walks every character).
enum PointerText {
    static func encode(_ tokens: [String]) -> String {
        var text = ""
        for token in tokens {
            text.append("/")
            if token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) {
                text.append(token.replacing("~", with: "~0").replacing("/", with: "~1"))
            } else {
                text.append(token)
            }
        }
        return text
    }

    /// The tokens of pointer text; `nil` unless it is empty or starts with '/' and escapes are valid.
    static func decode(_ text: String) -> [String]? {
        if text.isEmpty { return [] }
        guard text.utf8.first == UInt8(ascii: "/") else { return nil }
        var tokens: [String] = []
        for piece in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = String(piece)
            if token.utf8.contains(UInt8(ascii: "~")) {
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
                tokens.append(unescaped)
            } else {
                tokens.append(token)
            }
        }
        return tokens
    }
}
