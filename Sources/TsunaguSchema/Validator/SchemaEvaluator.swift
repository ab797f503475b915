import TsunaguCore

/// Checks a value against compiled ``SchemaNode``s, collecting a diagnostic per violation
/// (or, with no collection, stopping at the first one). Arrays and objects are checked in
/// `SchemaEvaluator+Containers.swift`, combinators and conditionals in `SchemaEvaluator+Combinators.swift`.
struct SchemaEvaluator {
    let nodes: [SchemaNode]

    func evaluate(_ index: Int, _ value: JSONValue, at pointer: JSONPointer, depth: Depth = Depth(), errors: inout [Diagnostic]?) -> Bool {
        if let problem = depth.problem {
            errors?.append(Diagnostic(pointer: pointer, message: problem))
            return false
        }
        let node = nodes[index]
        if let outcome = node.fixedOutcome {
            if !outcome { errors?.append(Diagnostic(pointer: pointer, message: "no value is allowed here")) }
            return outcome
        }
        var valid = true
        if let ref = node.ref, !evaluate(ref, value, at: pointer, depth: depth.throughReference, errors: &errors) {
            valid = false
            if errors == nil { return false }
        }
        if let types = node.types, !types.contains(where: { Self.value(value, hasType: $0) }) {
            errors?.append(Diagnostic(pointer: pointer, message: "expected \(expectation(types, node)), found \(value.shortDescription)"))
            // Every other check would only restate the type mismatch.
            return false
        }
        if let values = node.enumValues, !values.contains(where: { $0.schemaEquals(value) }) {
            let choices = values.prefix(12).map(\.jsonText).joined(separator: ", ")
            valid = false
            errors?.append(Diagnostic(pointer: pointer, message: "expected one of \(choices)\(values.count > 12 ? ", ..." : ""), found \(value.shortDescription)"))
        }
        if let constant = node.constValue, !constant.schemaEquals(value) {
            valid = false
            errors?.append(Diagnostic(pointer: pointer, message: "expected \(constant.jsonText), found \(value.shortDescription)"))
        }
        if !valid, errors == nil { return false }
        let collecting = errors != nil
        var report = Report(pointer: pointer, errors: errors)
        // The report owns the list now, so appending to it does not copy it.
        errors = nil
        switch value {
        case .string(let text): checkString(text, node, &report)
        case .number(let number): checkNumber(number.decimal, node, &report)
        case .array(let elements): checkArray(elements, node, depth, &report)
        case .object(let members): checkObject(members, node, depth, &report)
        default: break
        }
        if collecting || (valid && report.valid) {
            checkCombinators(node, value, depth, &report)
        }
        errors = report.errors
        return valid && report.valid
    }

    static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch type {
        case "integer": value.isIntegral
        default: value.typeName == type
        }
    }

    private func expectation(_ types: [String], _ node: SchemaNode) -> String {
        types.map { type -> String in
            switch type {
            case "string":
                if let pattern = node.pattern { return "a string matching \(pattern.source)" }
                if let format = node.format { return "a string holding \(format.expectation)" }
                if let values = node.enumValues, values.count <= 6 { return "a string, one of \(values.map(\.jsonText).joined(separator: ", "))" }
                return "a string"
            case "integer": return "an integer"
            case "object": return "an object"
            case "array": return "an array"
            case "null": return "null"
            default: return "a \(type)"
            }
        }.joined(separator: " or ")
    }

    private func checkString(_ text: String, _ node: SchemaNode, _ report: inout Report) {
        if node.minLength != nil || node.maxLength != nil {
            let length = text.unicodeScalars.count
            if let minimum = node.minLength, length < minimum {
                report.fail("expected at least \(minimum) character\(minimum == 1 ? "" : "s"), found \(length)")
            }
            if let maximum = node.maxLength, length > maximum {
                report.fail("expected at most \(maximum) character\(maximum == 1 ? "" : "s"), found \(length)")
            }
        }
        if let pattern = node.pattern, !pattern.matches(text) {
            report.fail("expected a string matching \(pattern.source), found \(JSONValue.string(text).shortDescription)")
        }
        if let format = node.format, !format.accepts(text) {
            report.fail("expected \(format.expectation), found \(JSONValue.string(text).shortDescription)")
        }
    }

    private func checkNumber(_ number: ExactDecimal, _ node: SchemaNode, _ report: inout Report) {
        if let minimum = node.minimum, number < minimum { report.fail("expected a number >= \(minimum), found \(number.summary)") }
        if let maximum = node.maximum, number > maximum { report.fail("expected a number <= \(maximum), found \(number.summary)") }
        if let minimum = node.exclusiveMinimum, number <= minimum { report.fail("expected a number > \(minimum), found \(number.summary)") }
        if let maximum = node.exclusiveMaximum, number >= maximum { report.fail("expected a number < \(maximum), found \(number.summary)") }
        if let divisor = node.multipleOf {
            // One division (not a search for an exact quotient), so a huge exponent cannot stall it.
            let quotient = number.divided(by: divisor, scale: 0, .down)
            if !(quotient.map { ($0 * divisor).isNumericallyEqual(to: number) } ?? false) {
                report.fail("expected a multiple of \(divisor), found \(number.summary)")
            }
        }
    }

    /// The outcome of the checks on one value: whether it passed, and the problems found when collecting.
    struct Report {
        let pointer: JSONPointer
        var errors: [Diagnostic]?
        var valid = true

        init(pointer: JSONPointer, errors: [Diagnostic]?) {
            self.pointer = pointer
            self.errors = errors
        }

        mutating func fail(_ message: String, at place: JSONPointer? = nil) {
            valid = false
            errors?.append(Diagnostic(pointer: place ?? pointer, message: message))
        }
    }
}
