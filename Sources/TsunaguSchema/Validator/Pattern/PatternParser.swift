/// Reads a pattern's scalars into a ``PatternSyntax`` tree, by recursive descent over the
/// ECMA-262 grammar (disjunction → alternative → term → atom + quantifier).
struct PatternParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    var atEnd: Bool { position == scalars.count }

    private var next: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private mutating func take(_ scalar: Unicode.Scalar) -> Bool {
        guard next == scalar else { return false }
        position += 1
        return true
    }

    mutating func disjunction() throws(PatternSyntax.Failure) -> PatternSyntax {
        var choices = [try alternative()]
        while take("|") { choices.append(try alternative()) }
        return choices.count == 1 ? choices[0] : .alternation(choices)
    }

    private mutating func alternative() throws(PatternSyntax.Failure) -> PatternSyntax {
        var terms: [PatternSyntax] = []
        while let scalar = next, scalar != "|", scalar != ")" {
            terms.append(try term())
        }
        switch terms.count {
        case 0: return .empty
        case 1: return terms[0]
        default: return .sequence(terms)
        }
    }

    private mutating func term() throws(PatternSyntax.Failure) -> PatternSyntax {
        if take("^") { return .textStart }
        if take("$") { return .textEnd }
        if next == "\\", position + 1 < scalars.count, scalars[position + 1] == "b" || scalars[position + 1] == "B" {
            let boundary = scalars[position + 1] == "b"
            position += 2
            return .wordBoundary(boundary)
        }
        let item = try atom()
        return try quantified(item)
    }

    private mutating func quantified(_ item: PatternSyntax) throws(PatternSyntax.Failure) -> PatternSyntax {
        let bounds: (Int, Int?)
        if take("*") {
            bounds = (0, nil)
        } else if take("+") {
            bounds = (1, nil)
        } else if take("?") {
            bounds = (0, 1)
        } else if let counted = try countedBounds() {
            bounds = counted
        } else {
            return item
        }
        // A lazy quantifier matches the same texts; only which match is found first differs.
        _ = take("?")
        if let quantifier = next, quantifier == "*" || quantifier == "+" || quantifier == "?" {
            throw .invalid("nothing to repeat before '\(quantifier)'")
        }
        return .repetition(item, minimum: bounds.0, maximum: bounds.1)
    }

    /// `{n}`, `{n,}` or `{n,m}`; `nil` (with nothing consumed) when the brace starts no quantifier.
    private mutating func countedBounds() throws(PatternSyntax.Failure) -> (Int, Int?)? {
        guard next == "{" else { return nil }
        let start = position
        position += 1
        guard let minimum = decimal() else {
            position = start
            return nil
        }
        var maximum: Int? = minimum
        if take(",") { maximum = decimal() }
        guard take("}") else {
            position = start
            return nil
        }
        if let maximum, maximum < minimum { throw .invalid("{\(minimum),\(maximum)} repeats fewer times than it must") }
        return (minimum, maximum)
    }

    private mutating func decimal() -> Int? {
        var value = 0
        var digits = 0
        while let scalar = next, let digit = Self.digitValue(scalar) {
            // Larger counts cannot be expanded anyway; the program refuses them.
            value = min(value * 10 + digit, 1_000_000)
            digits += 1
            position += 1
        }
        return digits == 0 ? nil : value
    }

    private mutating func atom() throws(PatternSyntax.Failure) -> PatternSyntax {
        guard let scalar = next else { throw .invalid("the pattern ends where an atom was expected") }
        position += 1
        switch scalar {
        case ".":
            return .set(.anyButLineTerminator)
        case "(":
            return try group()
        case "[":
            return .set(try characterClass())
        case "\\":
            return try atomEscape()
        case "*", "+", "?":
            throw .invalid("nothing to repeat before '\(scalar)'")
        case "{":
            position -= 1
            if try countedBounds() != nil { throw .invalid("nothing to repeat before '{'") }
            position += 1
            return .scalar(scalar)
        default:
            return .scalar(scalar)
        }
    }

    private mutating func group() throws(PatternSyntax.Failure) -> PatternSyntax {
        if take("?") {
            if take(":") {
                // a group that captures nothing
            } else if next == "<", position + 1 < scalars.count, scalars[position + 1] != "=", scalars[position + 1] != "!" {
                position += 1
                while let scalar = next, scalar != ">" { position += 1 }
                guard take(">") else { throw .invalid("a group name is not closed with '>'") }
            } else {
                throw .unsupported("lookaround assertions")
            }
        }
        let inner = try disjunction()
        guard take(")") else { throw .invalid("a group is not closed with ')'") }
        return inner
    }

    private mutating func atomEscape() throws(PatternSyntax.Failure) -> PatternSyntax {
        guard let scalar = next else { throw .invalid("the pattern ends with '\\'") }
        if let set = Self.classEscape(scalar) {
            position += 1
            return .set(set)
        }
        if let digit = Self.digitValue(scalar), digit > 0 { throw .unsupported("backreferences") }
        if scalar == "k", position + 1 < scalars.count, scalars[position + 1] == "<" { throw .unsupported("backreferences") }
        return .scalar(try characterEscape())
    }

    private mutating func characterClass() throws(PatternSyntax.Failure) -> ScalarSet {
        var set = ScalarSet(members: [], negated: take("^"))
        while true {
            guard let scalar = next else { throw .invalid("a character class is not closed with ']'") }
            if scalar == "]" {
                position += 1
                return set
            }
            let low = try classAtom()
            guard case .single(let lower) = low, next == "-", position + 1 < scalars.count, scalars[position + 1] != "]" else {
                set.members.append(low.member)
                continue
            }
            position += 1
            let high = try classAtom()
            guard case .single(let upper) = high else {
                // `[a-\d]`: Annex B reads the dash literally.
                set.members += [low.member, .range(0x2D...0x2D), high.member]
                continue
            }
            guard lower.value <= upper.value else { throw .invalid("the range \(lower)-\(upper) is out of order") }
            set.members.append(.range(lower.value...upper.value))
        }
    }

    private enum ClassAtom {
        case single(Unicode.Scalar)
        case set(ScalarSet)

        var member: ScalarSet.Member {
            switch self {
            case .single(let scalar): .range(scalar.value...scalar.value)
            case .set(let set): .set(set)
            }
        }
    }

    private mutating func classAtom() throws(PatternSyntax.Failure) -> ClassAtom {
        guard let scalar = next else { throw .invalid("a character class is not closed with ']'") }
        position += 1
        guard scalar == "\\" else { return .single(scalar) }
        guard let escaped = next else { throw .invalid("the pattern ends with '\\'") }
        if let set = Self.classEscape(escaped) {
            position += 1
            return .set(set)
        }
        if escaped == "b" {
            position += 1
            return .single("\u{08}")
        }
        if escaped == "-" {
            position += 1
            return .single("-")
        }
        return .single(try characterEscape())
    }

    /// The scalar an escape outside `\d`-style classes stands for; the backslash is consumed.
    private mutating func characterEscape() throws(PatternSyntax.Failure) -> Unicode.Scalar {
        guard let scalar = next else { throw .invalid("the pattern ends with '\\'") }
        position += 1
        switch scalar {
        case "t": return "\t"
        case "n": return "\n"
        case "v": return "\u{0B}"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "0":
            if let following = next, Self.digitValue(following) != nil { throw .unsupported("octal escapes") }
            return "\u{00}"
        case "x": return try hexadecimal(digits: 2)
        case "u":
            if take("{") {
                let value = try hexadecimalDigits(until: "}")
                guard let result = Unicode.Scalar(value) else { throw .invalid("\\u{\(String(value, radix: 16))} is not a Unicode scalar") }
                return result
            }
            return try hexadecimal(digits: 4)
        case "c", "p", "P":
            throw .unsupported("the escape \\\(scalar)")
        default:
            return scalar
        }
    }

    private mutating func hexadecimal(digits: Int) throws(PatternSyntax.Failure) -> Unicode.Scalar {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let scalar = next, let digit = Self.hexValue(scalar) else { throw .invalid("an escape needs \(digits) hexadecimal digits") }
            value = value * 16 + digit
            position += 1
        }
        // A lone surrogate cannot occur in a Swift string, so it matches nothing that could be validated.
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    private mutating func hexadecimalDigits(until terminator: Unicode.Scalar) throws(PatternSyntax.Failure) -> UInt32 {
        var value: UInt32 = 0
        var count = 0
        while let scalar = next, let digit = Self.hexValue(scalar) {
            value = min(value * 16 + digit, 0x110000)
            count += 1
            position += 1
        }
        guard count > 0, take(terminator) else { throw .invalid("\\u{...} needs hexadecimal digits and a closing brace") }
        return value
    }

    private static func classEscape(_ scalar: Unicode.Scalar) -> ScalarSet? {
        switch scalar {
        case "d": .digits
        case "D": ScalarSet(members: ScalarSet.digits.members, negated: true)
        case "w": .wordCharacters
        case "W": ScalarSet(members: ScalarSet.wordCharacters.members, negated: true)
        case "s": .whiteSpace
        case "S": ScalarSet(members: ScalarSet.whiteSpace.members, negated: true)
        default: nil
        }
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        (0x30...0x39).contains(scalar.value) ? Int(scalar.value - 0x30) : nil
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 0x30...0x39: scalar.value - 0x30
        case 0x41...0x46: scalar.value - 0x41 + 10
        case 0x61...0x66: scalar.value - 0x61 + 10
        default: nil
        }
    }
}
