import TsunaguCore

/// A path in a mapping file, compiled: a JSON Pointer with wildcards, member selectors and
/// appends, absolute or relative to the element an `each` or `map` is working on.
///
/// A final class, compared by value: rules hand their paths to every read, and a reference is
/// retained once where a structure of arrays and strings would be copied field by field.
final class MappingPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    enum Token: Sendable, Hashable {
        /// An object member (its name hashed once), or an array index when the token is a
        /// non-negative integer.
        case member(JSONKey, index: Int?)
        /// `*`: every element of an array or member of an object.
        case wildcard
        /// `[member=value]`: the array element whose `member` is the string `value`.
        case select(member: String, value: String)
        /// `-`: a new element at the end of an array (target side only).
        case append
    }

    /// Whether the path starts at the current element (`./`) rather than the document root.
    let isRelative: Bool
    /// The tokens, in order.
    let tokens: [Token]
    /// The path as written.
    let text: String
    /// Whether any token is a wildcard (the path reads many values).
    let hasWildcard: Bool
    /// The pointer tokens, when every token is a member or an array index (what a read at the
    /// path records, built once).
    let literals: [String]?
    /// For an absolute source path of plain members: the slot shared by every path of the plan with
    /// the same parent, so one execution looks the parent up once (set by the compiler).
    let parentSlot: Int?
    /// The last token's member name and array index when it is a member (a read through the
    /// parent slot steps to it without taking the token apart).
    let last: (name: JSONKey, index: Int?)?

    init(isRelative: Bool, tokens: [Token], text: String, parentSlot: Int? = nil) {
        self.isRelative = isRelative
        self.tokens = tokens
        self.text = text
        self.hasWildcard = tokens.contains(.wildcard)
        self.literals = tokens.allSatisfy { $0.literal != nil } ? tokens.compactMap(\.literal) : nil
        self.parentSlot = parentSlot
        if case .member(let name, let index)? = tokens.last {
            self.last = (name, index)
        } else {
            self.last = nil
        }
    }

    /// The same path with the parent slot `slot`.
    func slotted(_ slot: Int) -> MappingPath {
        MappingPath(isRelative: isRelative, tokens: tokens, text: text, parentSlot: slot)
    }

    static func == (left: MappingPath, right: MappingPath) -> Bool {
        left.isRelative == right.isRelative && left.tokens == right.tokens && left.text == right.text && left.parentSlot == right.parentSlot
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(isRelative)
        hasher.combine(tokens)
        hasher.combine(text)
        hasher.combine(parentSlot)
    }

    var description: String { text }

    /// Parses a path as written in a mapping file; the error says what is wrong.
    static func parse(_ text: String) -> Result<MappingPath, PathSyntaxError> {
        let isRelative: Bool
        let body: Substring
        if text == "." || text == "./" {
            return .success(MappingPath(isRelative: true, tokens: [], text: text))
        } else if text.hasPrefix("./") {
            isRelative = true
            body = text.dropFirst(2)
        } else if text.hasPrefix("/") {
            isRelative = false
            body = text.dropFirst()
        } else if text.isEmpty {
            return .success(MappingPath(isRelative: false, tokens: [], text: text))
        } else {
            return .failure(PathSyntaxError(reason: "path '\(text)' must start with '/' (from the document root) or './' (from the current element)"))
        }
        var tokens: [Token] = []
        for raw in body.split(separator: "/", omittingEmptySubsequences: false) {
            let piece = String(raw)
            if piece == "*" {
                tokens.append(.wildcard)
            } else if piece == "-" {
                tokens.append(.append)
            } else if piece.hasPrefix("[") {
                guard piece.hasSuffix("]"), let equals = piece.firstIndex(of: "=") else {
                    return .failure(PathSyntaxError(reason: "selector '\(piece)' in '\(text)' must read [member=value]"))
                }
                let member = String(piece[piece.index(after: piece.startIndex)..<equals])
                let value = String(piece[piece.index(after: equals)..<piece.index(before: piece.endIndex)])
                guard !member.isEmpty else {
                    return .failure(PathSyntaxError(reason: "selector '\(piece)' in '\(text)' names no member"))
                }
                tokens.append(.select(member: unescape(member), value: unescape(value)))
            } else {
                if piece.contains("~"), !isValidEscaping(piece) {
                    return .failure(PathSyntaxError(reason: "'~' in '\(text)' must be written ~0 (for ~) or ~1 (for /)"))
                }
                let key = MemberNames.shared(unescape(piece))
                let index = key.allSatisfy(\.isASCII) && !key.isEmpty && key.allSatisfy(\.isNumber) && (key == "0" || !key.hasPrefix("0")) ? Int(key) : nil
                tokens.append(.member(JSONKey(key), index: index))
            }
        }
        if let position = tokens.firstIndex(of: .append), position != tokens.count - 1 {
            return .failure(PathSyntaxError(reason: "'-' (append) must be the last token of '\(text)'"))
        }
        return .success(MappingPath(isRelative: isRelative, tokens: tokens, text: text))
    }

    private static func isValidEscaping(_ piece: String) -> Bool {
        var characters = piece.makeIterator()
        while let character = characters.next() {
            if character == "~" {
                guard let next = characters.next(), next == "0" || next == "1" else { return false }
            }
        }
        return true
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("~") else { return text }
        return text.replacing("~1", with: "/").replacing("~0", with: "~")
    }
}

/// Why a path could not be parsed.
struct PathSyntaxError: Error, Sendable {
    /// What is wrong with the path.
    let reason: String
}
