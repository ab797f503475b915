import TsunaguCore
import Yams

/// A YAML file read into the same JSON tree a JSON-LD policy is, with the line of every node so
/// diagnostics can point into the YAML.
struct YAMLDocument {
    let root: JSONValue
    let lines: [JSONPointer: Int]

    /// Reads `text`; throws a diagnostic when it is not YAML or uses what JSON cannot hold.
    init(text: String) throws(DiagnosticsError) {
        let node: Node?
        do {
            // The basic resolver leaves scalars untyped (their style and text decide here), which spares
            // compiling Yams's regular expressions, and loading ICU, when the gateway starts.
            node = try Yams.compose(yaml: text, .basic)
        } catch {
            throw DiagnosticsError([Diagnostic(message: "not valid YAML: \(error)")])
        }
        guard let node else { throw DiagnosticsError([Diagnostic(message: "the YAML document is empty")]) }
        var lines: [JSONPointer: Int] = [:]
        var problems: [Diagnostic] = []
        root = Self.convert(node, at: .root, lines: &lines, problems: &problems)
        self.lines = lines
        if !problems.isEmpty { throw DiagnosticsError(problems) }
    }

    /// Reads one YAML value written inline (the right operand of a compact constraint).
    static func value(_ text: String) -> JSONValue? {
        guard let node = try? Yams.compose(yaml: text, .basic) else { return nil }
        var lines: [JSONPointer: Int] = [:]
        var problems: [Diagnostic] = []
        let value = convert(node, at: .root, lines: &lines, problems: &problems)
        return problems.isEmpty ? value : nil
    }

    private static func convert(
        _ node: Node, at pointer: JSONPointer, lines: inout [JSONPointer: Int], problems: inout [Diagnostic]
    ) -> JSONValue {
        let line = node.mark?.line
        if let line { lines[pointer] = line }
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if node.null != nil { return .null }
            if let flag = node.bool { return .bool(flag) }
            if node.int != nil || node.float != nil, let number = JSONNumber(text: scalar.string) { return .number(number) }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(sequence.enumerated().map { index, element in
                convert(element, at: pointer.appending(index), lines: &lines, problems: &problems)
            })
        case .mapping(let mapping):
            var members: JSONObject = [:]
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else {
                    problems.append(Diagnostic(line: key.mark?.line, pointer: pointer, message: "mapping keys must be plain text"))
                    continue
                }
                members[scalar.string] = convert(value, at: pointer.appending(scalar.string), lines: &lines, problems: &problems)
            }
            return .object(members)
        case .alias:
            problems.append(Diagnostic(line: line, pointer: pointer, message: "YAML aliases are not supported in policies"))
            return .null
        }
    }
}
