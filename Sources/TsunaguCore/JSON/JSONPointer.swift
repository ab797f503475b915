/// A JSON Pointer (RFC 6901) naming one place in a JSON document, such as `/pcf/declaredUnitAmount`.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The unescaped reference tokens; empty for the whole document.
    public let tokens: [String]

    /// The pointer to the whole document.
    public static let root = JSONPointer(tokens: [])

    /// Creates a pointer from unescaped tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses pointer text; `nil` when it is neither empty nor starts with `/`, or has a bad `~` escape.
    public init?(parsing text: String) {
        if text.isEmpty {
            self.tokens = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var iterator = raw.makeIterator()
            while let character = iterator.next() {
                if character == "~" {
                    switch iterator.next() {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: return nil
                    }
                } else {
                    token.append(character)
                }
            }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// Creates a pointer from its text; invalid text yields a pointer with the text as its only token.
    public init(stringLiteral value: String) {
        self = JSONPointer(parsing: value) ?? JSONPointer(tokens: [value])
    }

    /// The pointer one level deeper, at member `key`.
    public func appending(_ key: String) -> JSONPointer { JSONPointer(tokens: tokens + [key]) }

    /// The pointer one level deeper, at array element `index`.
    public func appending(_ index: Int) -> JSONPointer { JSONPointer(tokens: tokens + [String(index)]) }

    /// The pointer to the parent, or `nil` for the root.
    public var parent: JSONPointer? { tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast())) }

    /// The pointer text with `~` and `/` escaped.
    public var description: String {
        tokens.map { token in
            "/" + token.flatMap { character -> [Character] in
                switch character {
                case "~": ["~", "0"]
                case "/": ["~", "1"]
                default: [character]
                }
            }.map(String.init).joined()
        }.joined()
    }
}

extension JSONValue {
    /// The value at `pointer`, or `nil` when nothing is there.
    public subscript(pointer pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Sets `newValue` at `pointer`, creating intermediate objects (or arrays, for numeric tokens
    /// under an array) as needed.
    /// - Returns: `false` when the path crosses a scalar or an array index beyond the end.
    @discardableResult
    public mutating func set(_ newValue: JSONValue, at pointer: JSONPointer) -> Bool {
        set(newValue, tokens: pointer.tokens[...])
    }

    private mutating func set(_ newValue: JSONValue, tokens: ArraySlice<String>) -> Bool {
        guard let token = tokens.first else {
            self = newValue
            return true
        }
        let rest = tokens.dropFirst()
        switch self {
        case .object(var members):
            var child = members[token] ?? .object([:])
            guard child.set(newValue, tokens: rest) else { return false }
            members[token] = child
            self = .object(members)
            return true
        case .array(var elements):
            guard let index = token == "-" ? elements.count : Int(token), index >= 0, index <= elements.count else { return false }
            if index == elements.count {
                var child = JSONValue.object([:])
                guard child.set(newValue, tokens: rest) else { return false }
                elements.append(child)
            } else {
                guard elements[index].set(newValue, tokens: rest) else { return false }
            }
            self = .array(elements)
            return true
        case .null:
            self = .object([:])
            return set(newValue, tokens: tokens)
        default:
            return false
        }
    }

    /// Removes the value at `pointer`.
    /// - Returns: the removed value, or `nil` when nothing was there.
    @discardableResult
    public mutating func remove(at pointer: JSONPointer) -> JSONValue? {
        remove(tokens: pointer.tokens[...])
    }

    private mutating func remove(tokens: ArraySlice<String>) -> JSONValue? {
        guard let token = tokens.first else { return nil }
        let rest = tokens.dropFirst()
        switch self {
        case .object(var members):
            if rest.isEmpty {
                let removed = members.removeValue(forKey: token)
                self = .object(members)
                return removed
            }
            guard var child = members[token], let removed = child.remove(tokens: rest) else { return nil }
            members[token] = child
            self = .object(members)
            return removed
        case .array(var elements):
            guard let index = Int(token), elements.indices.contains(index) else { return nil }
            if rest.isEmpty {
                let removed = elements.remove(at: index)
                self = .array(elements)
                return removed
            }
            guard let removed = elements[index].remove(tokens: rest) else { return nil }
            self = .array(elements)
            return removed
        default:
            return nil
        }
    }
}
