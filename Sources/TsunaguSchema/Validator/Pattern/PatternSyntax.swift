/// A regular expression of the ECMA-262 dialect that JSON Schema's `pattern` uses, parsed into a
/// tree: the subset schemas are advised to keep to (JSON Schema core, "Regular Expressions")
/// and a little more (counted repetition, `\b`, class escapes, `\x`/`\u` escapes).
///
/// Backreferences, lookaround and Unicode property escapes are outside it: parsing reports them
/// as ``PatternSyntax/Failure/unsupported``, and ``SchemaPattern`` hands such patterns to
/// Foundation's engine instead.
indirect enum PatternSyntax: Sendable, Equatable {
    case empty
    case scalar(Unicode.Scalar)
    case set(ScalarSet)
    /// `^`: the start of the text (patterns are matched without the multiline flag).
    case textStart
    /// `$`: the end of the text. ECMA-262 does not match before a final line break, unlike ICU.
    case textEnd
    /// `\b` (true) or `\B` (false).
    case wordBoundary(Bool)
    case sequence([PatternSyntax])
    case alternation([PatternSyntax])
    case repetition(PatternSyntax, minimum: Int, maximum: Int?)

    /// Why a pattern could not be parsed.
    enum Failure: Error, Equatable {
        /// Not a regular expression at all (an unclosed group, nothing to repeat, `{3,1}`).
        case invalid(String)
        /// A valid expression using a feature this engine leaves to another one.
        case unsupported(String)
    }

    /// Parses `source`.
    static func parse(_ source: String) throws(Failure) -> PatternSyntax {
        var parser = PatternParser(Array(source.unicodeScalars))
        let tree = try parser.disjunction()
        guard parser.atEnd else { throw .invalid("unmatched ')'") }
        return tree
    }
}

/// A set of Unicode scalars: a character class, `.`, or a class escape such as `\d`.
struct ScalarSet: Sendable, Equatable {
    /// What the set is made of; a scalar is in the set when it is in any of them.
    enum Member: Sendable, Equatable {
        case range(ClosedRange<UInt32>)
        /// A class escape inside a class (`[\d.]`, `[^\S]`).
        case set(ScalarSet)
    }

    var members: [Member]
    /// `[^...]`: the set holds what its members do not.
    var negated = false

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        let listed = members.contains { member in
            switch member {
            case .range(let range): range.contains(value)
            case .set(let set): set.contains(scalar)
            }
        }
        return listed != negated
    }

    static func ranges(_ ranges: [ClosedRange<UInt32>], negated: Bool = false) -> ScalarSet {
        ScalarSet(members: ranges.map(Member.range), negated: negated)
    }

    /// `\d`: ASCII digits, as ECMA-262 defines it.
    static let digits = ranges([0x30...0x39])
    /// `\w`: ASCII letters, digits and `_`.
    static let wordCharacters = ranges([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// `\s`: ECMA-262's white space and line terminators.
    static let whiteSpace = ranges([
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
        0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])
    /// `.`: anything but a line terminator.
    static let anyButLineTerminator = ranges([0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029], negated: true)
}
