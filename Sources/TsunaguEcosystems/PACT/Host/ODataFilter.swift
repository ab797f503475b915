import Foundation
import TsunaguCore

/// The subset of OData v4 `$filter` that PACT v2 defines for `ListFootprints`: comparisons
/// (`eq ne lt le gt ge`) of a footprint property path with a literal, `any` over `productIds`
/// and `companyIds`, joined by `and`. For example
/// `pcf/geographyCountry eq 'DE' and productIds/any(productId:(productId eq 'urn:x'))`.
public struct ODataFilter: Sendable, Hashable {
    enum Operator: String, Sendable, Hashable, CaseIterable {
        case eq, ne, lt, le, gt, ge
    }

    enum Condition: Sendable, Hashable {
        /// `literal` is `nil` for the bare `null`.
        case comparison(path: JSONPointer, operator: Operator, literal: String?)
        case anyEquals(collection: JSONPointer, literal: String)
    }

    let conditions: [Condition]

    /// Parses filter text.
    /// - Throws: ``PACTError/badRequest(_:)`` saying which part is not understood.
    public init(parsing text: String) throws(PACTError) {
        var scanner = ODataScanner(text: text)
        var conditions: [Condition] = []
        repeat {
            conditions.append(try scanner.condition())
        } while scanner.consumeKeyword("and")
        guard scanner.atEnd else {
            throw PACTError.badRequest("$filter: unexpected '\(scanner.rest)'; only 'and' may join conditions")
        }
        self.conditions = conditions
    }

    /// The `$filter` text of a raw (still percent-encoded) query value. Form encoders (Python's
    /// `urlencode`, Java's `URLEncoder`, HTML forms) write spaces as `+` and a plus sign as `%2B`;
    /// others write spaces as `%20` and may leave a plus sign (a time zone offset) as it is. So `+`
    /// reads as a space only in a value without an encoded or literal space.
    public static func text(ofQueryValue raw: Substring) -> String {
        let formEncoded = !raw.contains(" ") && !raw.contains("%20")
        let spaced = formEncoded ? String(raw.replacing("+", with: " ")) : String(raw)
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Whether the v2 footprint document satisfies every condition.
    public func matches(_ document: JSONValue) -> Bool {
        conditions.allSatisfy { condition in
            switch condition {
            case .comparison(let path, let op, let literal):
                // OData: a missing or null property equals null and nothing else; only `eq` and
                // `ne` compare with null.
                guard let value = document[pointer: path], value != .null else {
                    switch op {
                    case .eq: return literal == nil
                    case .ne: return literal != nil
                    default: return false
                    }
                }
                guard let literal else { return op == .ne }
                return Self.compare(value, op, literal)
            case .anyEquals(let collection, let literal):
                return (document[pointer: collection]?.arrayValue ?? []).contains { $0.stringValue == literal }
            }
        }
    }

    private static func compare(_ value: JSONValue, _ op: Operator, _ literal: String) -> Bool {
        let text: String
        switch value {
        case .string(let string): text = string
        case .number(let number): text = number.text
        case .bool(let flag): text = flag ? "true" : "false"
        default: return false
        }
        let order: ComparisonResult
        if let left = Timestamp.parse(text), let right = Timestamp.parse(literal) {
            order = left == right ? .orderedSame : (left < right ? .orderedAscending : .orderedDescending)
        } else if let left = Self.plainDecimal(text), let right = Self.plainDecimal(literal) {
            order = left.isNumericallyEqual(to: right) ? .orderedSame : (left < right ? .orderedAscending : .orderedDescending)
        } else {
            order = text == literal ? .orderedSame : (text < literal ? .orderedAscending : .orderedDescending)
        }
        switch op {
        case .eq: return order == .orderedSame
        case .ne: return order != .orderedSame
        case .lt: return order == .orderedAscending
        case .le: return order != .orderedDescending
        case .gt: return order == .orderedDescending
        case .ge: return order != .orderedAscending
        }
    }

    /// The number `text` writes in plain decimal notation (`-12.50`, `0.3`), or `nil`. Codes
    /// that read as numbers but are not written as one (a CPC code `01`, `1e3`, `+5`) compare
    /// as text: `01` and `1` are different classifications.
    static func plainDecimal(_ text: String) -> ExactDecimal? {
        var digits = Substring(text)
        if digits.first == "-" { digits = digits.dropFirst() }
        let whole = digits.prefix { $0 != "." }
        let fraction = digits.dropFirst(whole.count)
        guard !whole.isEmpty, whole.allSatisfy({ ("0"..."9").contains($0) }), whole == "0" || whole.first != "0",
            fraction.isEmpty || (fraction.count > 1 && fraction.dropFirst().allSatisfy({ ("0"..."9").contains($0) }))
        else { return nil }
        return ExactDecimal(parsing: text)
    }
}

/// Reads the tokens of an OData filter expression.
private struct ODataScanner {
    let characters: [Character]
    var position = 0

    init(text: String) {
        characters = Array(text)
    }

    var atEnd: Bool {
        mutating get {
            skipSpaces()
            return position >= characters.count
        }
    }

    var rest: String { String(characters[min(position, characters.count)...]) }

    mutating func skipSpaces() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    mutating func consume(_ character: Character) -> Bool {
        skipSpaces()
        guard position < characters.count, characters[position] == character else { return false }
        position += 1
        return true
    }

    mutating func consumeKeyword(_ keyword: String) -> Bool {
        skipSpaces()
        let saved = position
        guard let word = identifier(), word.lowercased() == keyword else {
            position = saved
            return false
        }
        return true
    }

    mutating func identifier() -> String? {
        skipSpaces()
        let start = position
        while position < characters.count, characters[position].isLetter || characters[position].isNumber || characters[position] == "_" || characters[position] == "/" {
            position += 1
        }
        return position > start ? String(characters[start..<position]) : nil
    }

    /// A quoted text, or a bare word; `nil` for the bare `null`.
    mutating func literalOrNull() throws(PACTError) -> String? {
        let start = position
        let value = try literal()
        return value == "null" && characters[start..<position].last != "'" ? nil : value
    }

    mutating func literal() throws(PACTError) -> String {
        skipSpaces()
        if consume("'") {
            var value = ""
            while position < characters.count {
                let character = characters[position]
                position += 1
                if character == "'" {
                    if position < characters.count, characters[position] == "'" {
                        value.append("'")
                        position += 1
                        continue
                    }
                    return value
                }
                value.append(character)
            }
            throw PACTError.badRequest("$filter: unterminated string literal")
        }
        let start = position
        while position < characters.count, !characters[position].isWhitespace, characters[position] != ")" { position += 1 }
        guard position > start else { throw PACTError.badRequest("$filter: a literal was expected at '\(rest)'") }
        return String(characters[start..<position])
    }

    mutating func condition() throws(PACTError) -> ODataFilter.Condition {
        let wrapped = consume("(")
        guard let path = identifier() else { throw PACTError.badRequest("$filter: a property name was expected at '\(rest)'") }
        let condition: ODataFilter.Condition
        if path.hasSuffix("/any") {
            let collection = String(path.dropLast(4))
            guard consume("("), let variable = identifier(), consume(":") else {
                throw PACTError.badRequest("$filter: expected '\(collection)/any(x:(x eq 'value'))'")
            }
            let innerWrapped = consume("(")
            guard identifier() == variable, consumeKeyword("eq") else {
                throw PACTError.badRequest("$filter: inside any() only '\(variable) eq 'value'' is supported")
            }
            let value = try literal()
            guard !innerWrapped || consume(")"), consume(")") else { throw PACTError.badRequest("$filter: ')' expected after the any() condition") }
            condition = .anyEquals(collection: Self.pointer(collection), literal: value)
        } else {
            guard let word = identifier(), let op = ODataFilter.Operator(rawValue: word.lowercased()) else {
                throw PACTError.badRequest("$filter: an operator (eq, ne, lt, le, gt, ge) was expected after '\(path)'")
            }
            condition = .comparison(path: Self.pointer(path), operator: op, literal: try literalOrNull())
        }
        if wrapped, !consume(")") { throw PACTError.badRequest("$filter: ')' expected") }
        return condition
    }

    static func pointer(_ path: String) -> JSONPointer {
        JSONPointer(tokens: path.split(separator: "/").map(String.init))
    }
}
