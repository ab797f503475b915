import TsunaguCore

/// A value flowing through a rule's steps, and whether it still says exactly what the source said.
struct Flow {
    var value: JSONValue?
    var faithful: Bool
}

/// Why a step cannot take its value; ``PlanExecution/apply(_:to:blame:scope:)`` says where.
struct StepProblem: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}

extension PlanExecution {
    /// The blame for element `index` of the array a rule read: the pointer of that match of a
    /// wildcard path, or the element below the array's own pointer.
    func elementBlame(_ blame: Blame, index: Int, scope: SourceScope) -> Blame {
        if let path = blame.path, path.hasWildcard {
            let matches = read(path, in: scope)
            if matches.indices.contains(index) { return Blame(tokens: matches[index].tokens, path: nil) }
        }
        guard let base = pointer(of: blame, in: scope) else { return blame }
        return Blame(tokens: base + [String(index)], path: nil)
    }

    /// Applies `step` to the flow; `blame` says which source value an error points at.
    func apply(_ step: Step, to flow: inout Flow, blame: Blame, scope: SourceScope) throws(MappingError) {
        guard let value = flow.value else { return }
        if case .table = step, case .array(let elements) = value {
            var mapped: [JSONValue] = []
            for (index, element) in elements.enumerated() {
                var inner = Flow(value: element, faithful: true)
                do {
                    try apply(step, to: &inner, blame: blame, scope: scope)
                } catch {
                    // Errors are rare: only then is the element's own pointer looked up, and
                    // the step run again to say it there.
                    var retry = Flow(value: element, faithful: true)
                    try apply(step, to: &retry, blame: elementBlame(blame, index: index, scope: scope), scope: scope)
                    throw error
                }
                if let result = inner.value { mapped.append(result) }
                if !inner.faithful { flow.faithful = false }
            }
            flow.value = .array(mapped)
            return
        }
        do {
            try applyStep(step, to: value, flow: &flow, scope: scope)
        } catch {
            // Steps throw a bare message: a closure that built the error would capture, and so
            // copy, this execution for every step taken. The pointer is looked up only here.
            throw MappingError.value("step \(step.name): \(error.message)", at: pointer(of: blame, in: scope), mapping: mapping)
        }
    }

    /// Applies `step` to `value`, the flow's value (an array for a table is mapped by ``apply``).
    private func applyStep(_ step: Step, to value: JSONValue, flow: inout Flow, scope: SourceScope) throws(StepProblem) {
        switch step {
        case .toDecimalString:
            guard case .number(let number) = value else { throw StepProblem("expected a JSON number, found a \(value.typeName)") }
            if number.hasExponent {
                flow.value = .string(try decimal(value).description)
                flow.faithful = false
            } else {
                flow.value = .string(number.text)
            }
        case .toNumber:
            guard case .string(let text) = value else { throw StepProblem("expected a decimal string, found a \(value.typeName)") }
            guard let number = JSONNumber(text: text) else {
                // PACT's decimal pattern allows leading zeros, which no JSON number has: refused
                // with the fix named rather than rewritten without a trace.
                let digits = text.drop { $0 == "-" }
                if let value = ExactDecimal(parsing: text), digits.hasPrefix("0"), !digits.hasPrefix("0.") {
                    throw StepProblem("'\(text)' has a leading zero, which a JSON number cannot have: write it without (\(value))")
                }
                throw StepProblem("'\(text)' is not a decimal number")
            }
            flow.value = .number(number)
        case .table(let table):
            if let key = EnumerationTable.key(for: value), let mapped = table.values[key] {
                flow.value = mapped
                return
            }
            switch table.unmatched {
            case .error:
                throw StepProblem("\(value.jsonText) is not in table \(table.name) (values: \(table.values.keys.sorted().joined(separator: ", ")))")
            case .carry:
                flow.value = nil
                flow.faithful = false
            case .fallback(let fallback):
                flow.value = fallback
                flow.faithful = false
            }
        case .multiply(let operand):
            try arithmetic(value, operand, flow: &flow, scope: scope) { left, right in left * right }
        case .add(let operand):
            try arithmetic(value, operand, flow: &flow, scope: scope) { left, right in left + right }
        case .subtract(let operand):
            try arithmetic(value, operand, flow: &flow, scope: scope) { left, right in left - right }
        case .divide(let operand, let scale, let rounding):
            let dividend = try decimal(value)
            let divisor = try self.operand(operand, scope: scope)
            guard !divisor.isZero else { throw StepProblem("division by zero") }
            if let scale {
                guard let quotient = dividend.divided(by: divisor, scale: scale, rounding) else { throw StepProblem("cannot divide") }
                if dividend.dividedExactly(by: divisor).map({ !$0.isNumericallyEqual(to: quotient) }) ?? true { flow.faithful = false }
                flow.value = Self.decimalValue(quotient, like: value)
            } else {
                guard let quotient = dividend.dividedExactly(by: divisor) else {
                    throw StepProblem("\(dividend) / \(divisor) has no finite decimal expansion; give divide: {by: …, scale: N, rounding: …}")
                }
                flow.value = Self.decimalValue(quotient, like: value)
            }
        case .round(let scale, let rounding):
            let number = try decimal(value)
            let rounded = number.rounded(toScale: scale, rounding)
            if !rounded.isNumericallyEqual(to: number) { flow.faithful = false }
            flow.value = Self.decimalValue(rounded, like: value)
        case .convert(let multiplier, let divisor, _):
            let number = try decimal(value)
            guard let converted = (number * multiplier).dividedExactly(by: divisor) else {
                throw StepProblem("\(number) has no finite decimal expansion in the target unit; round it first")
            }
            flow.value = Self.decimalValue(converted, like: value)
        case .count:
            guard case .array(let elements) = value else { throw StepProblem("expected an array, found a \(value.typeName)") }
            flow.value = .number(JSONNumber(elements.count))
            flow.faithful = false
        case .first:
            guard case .array(let elements) = value else { throw StepProblem("expected an array, found a \(value.typeName)") }
            if elements.count > 1 { flow.faithful = false }
            flow.value = elements.first
        case .join(let separator):
            guard case .array(let elements) = value else { throw StepProblem("expected an array of strings, found a \(value.typeName)") }
            var parts: [String] = []
            for element in elements {
                guard case .string(let text) = element else { throw StepProblem("expected an array of strings, found a \(element.typeName) in it") }
                parts.append(text)
            }
            flow.value = .string(parts.joined(separator: separator))
            flow.faithful = false
        case .stripPrefix(let prefix):
            guard case .string(let text) = value else { throw StepProblem("expected a string, found a \(value.typeName)") }
            if text.hasPrefix(prefix) {
                flow.value = .string(String(text.dropFirst(prefix.count)))
            } else {
                flow.value = nil
                flow.faithful = false
            }
        case .addPrefix(let prefix, let unless):
            // With `unless`, a text that already starts with it (in any case) is kept as it is.
            func prefixed(_ text: String) -> String {
                guard let unless else { return prefix + text }
                if text.utf8.count >= unless.utf8.count, text.prefix(unless.count).lowercased() == unless.lowercased() { return text }
                flow.faithful = false
                return prefix + text
            }
            switch value {
            case .string(let text): flow.value = .string(prefixed(text))
            case .array(let elements):
                var written: [JSONValue] = []
                written.reserveCapacity(elements.count)
                for element in elements {
                    guard case .string(let text) = element else { throw StepProblem("expected strings, found a \(element.typeName)") }
                    written.append(.string(prefixed(text)))
                }
                flow.value = .array(written)
            default: throw StepProblem("expected a string or an array of strings, found a \(value.typeName)")
            }
        case .unique:
            guard case .array(let elements) = value else { throw StepProblem("expected an array, found a \(value.typeName)") }
            var seen: Set<JSONValue> = []
            let kept = elements.filter { seen.insert($0).inserted }
            if kept.count != elements.count { flow.faithful = false }
            flow.value = .array(kept)
        case .keep(let check):
            guard case .array(let elements) = value else { throw StepProblem("expected an array, found a \(value.typeName)") }
            let kept = elements.filter { $0.stringValue.map(check.passes) ?? false }
            if kept.count != elements.count { flow.faithful = false }
            // An array whose every element failed gives nothing rather than an empty array.
            flow.value = kept.isEmpty && !elements.isEmpty ? nil : .array(kept)
        case .findPrefix(let prefix):
            guard case .array(let elements) = value else { throw StepProblem("expected an array of strings, found a \(value.typeName)") }
            let found = elements.lazy.compactMap(\.stringValue).first { $0.hasPrefix(prefix) }
            if elements.count != 1 || found == nil { flow.faithful = false }
            flow.value = found.map { .string(String($0.dropFirst(prefix.count))) }
        case .dateTime(let format):
            guard case .string(let text) = value else { throw StepProblem("expected a date-time string, found a \(value.typeName)") }
            guard let parsed = DateTimeText(text) else { throw StepProblem("'\(text)' is not an RFC 3339 date-time or a YYYY-MM-DD date") }
            let written = parsed.formatted(format)
            if written != text { flow.faithful = false }
            flow.value = .string(written)
        case .wrap:
            flow.value = .array([value])
        case .before(let separator), .after(let separator):
            guard case .string(let text) = value else { throw StepProblem("expected a string, found a \(value.typeName)") }
            flow.faithful = false
            guard let range = Self.firstRange(of: separator, in: text) else {
                flow.value = nil
                return
            }
            if case .before = step {
                flow.value = .string(String(text[..<range.lowerBound]))
            } else {
                flow.value = .string(String(text[range.upperBound...]))
            }
        }
    }

    /// Where `separator` first occurs in `text`, as `text.firstRange(of: separator)` finds it
    /// (character by character). ASCII text without a carriage return has one character per byte
    /// (only CR LF joins ASCII characters), so there the bytes are searched directly.
    static func firstRange(of separator: String, in text: String) -> Range<String.Index>? {
        let needle = separator.utf8
        let haystack = text.utf8
        guard !needle.isEmpty, needle.allSatisfy({ $0 < 0x80 }), haystack.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else {
            return text.firstRange(of: separator)
        }
        var searched = false
        var position: Int?
        _ = haystack.withContiguousStorageIfAvailable { bytes in
            _ = needle.withContiguousStorageIfAvailable { wanted in
                searched = true
                guard wanted.count <= bytes.count else { return }
                for start in 0...(bytes.count - wanted.count) where bytes[start] == wanted[0] {
                    if UnsafeBufferPointer(rebasing: bytes[start..<start + wanted.count]).elementsEqual(wanted) {
                        position = start
                        return
                    }
                }
            }
        }
        guard searched else { return text.firstRange(of: separator) }
        guard let start = position else { return nil }
        let lower = haystack.index(haystack.startIndex, offsetBy: start)
        return lower..<haystack.index(lower, offsetBy: needle.count)
    }

    private func arithmetic(
        _ value: JSONValue, _ operand: Operand, flow: inout Flow, scope: SourceScope, _ operation: (ExactDecimal, ExactDecimal) -> ExactDecimal
    ) throws(StepProblem) {
        let left = try decimal(value)
        let right = try self.operand(operand, scope: scope)
        flow.value = Self.decimalValue(operation(left, right), like: value)
    }

    func operand(_ operand: Operand, scope: SourceScope) throws(StepProblem) -> ExactDecimal {
        switch operand {
        case .constant(let value): return value
        case .path(let path):
            guard let match = readOne(path, in: scope) else { throw StepProblem("the operand \(path) is absent") }
            return try decimal(match.value)
        }
    }

    /// The exact decimal of a JSON number or a decimal string.
    /// Exponents beyond this would write out thousands of digits: a partner's `1E+999999` is
    /// refused instead of expanded.
    static let largestExponent = 400

    func decimal(_ value: JSONValue) throws(StepProblem) -> ExactDecimal {
        let text: String
        switch value {
        case .number(let number): text = number.text
        case .string(let string): text = string
        default: throw StepProblem("expected a number or a decimal string, found a \(value.typeName)")
        }
        guard let decimal = ExactDecimal(parsing: text) else { throw StepProblem("'\(text)' is not a decimal number") }
        guard abs(decimal.exponent) <= Self.largestExponent else {
            throw StepProblem("'\(text)' is out of range (exponent beyond ±\(Self.largestExponent))")
        }
        return decimal
    }

    /// `decimal` as the same kind of JSON value as `model`: a number for a number, else a string.
    static func decimalValue(_ decimal: ExactDecimal, like model: JSONValue) -> JSONValue {
        if case .number = model { return .number(JSONNumber(decimal)) }
        return .string(decimal.description)
    }
}
