import TsunaguCore
import Yams

/// Reads the YAML text of a mapping file into a ``SyntaxNode`` tree.
enum SyntaxReader {
    /// Parses `text`; a YAML error becomes one diagnostic with the line libyaml reported.
    static func read(_ text: String, file: String) -> Result<SyntaxNode, DiagnosticsError> {
        let root: Node?
        do {
            // The basic resolver leaves scalars untyped (their style and text decide here), which spares
            // compiling Yams's regular expressions, and loading ICU, when the gateway starts.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            return .failure(DiagnosticsError([Diagnostic(file: file, line: line(of: error), message: "not valid YAML: \(summary(of: error))")]))
        } catch {
            return .failure(DiagnosticsError([Diagnostic(file: file, message: "not valid YAML: \(error)")]))
        }
        guard let root else {
            return .failure(DiagnosticsError([Diagnostic(file: file, line: 1, message: "the file is empty")]))
        }
        var problems: [Diagnostic] = []
        let node = convert(root, file: file, problems: &problems)
        return problems.isEmpty ? .success(node) : .failure(DiagnosticsError(problems))
    }

    private static func convert(_ node: Node, file: String, problems: inout [Diagnostic]) -> SyntaxNode {
        let line = node.mark?.line ?? 0
        switch node {
        case .scalar(let scalar):
            return SyntaxNode(kind: .scalar(scalar.string, plain: scalar.style == .plain || scalar.style == .any), line: line)
        case .sequence(let sequence):
            return SyntaxNode(kind: .sequence(sequence.map { convert($0, file: file, problems: &problems) }), line: line)
        case .mapping(let mapping):
            var members: [(key: String, keyLine: Int, value: SyntaxNode)] = []
            var seen: Set<String> = []
            for (key, value) in mapping {
                let keyLine = key.mark?.line ?? line
                guard let keyText = key.scalar?.string else {
                    problems.append(Diagnostic(file: file, line: keyLine, message: "a mapping key must be a scalar"))
                    continue
                }
                if !seen.insert(keyText).inserted {
                    problems.append(Diagnostic(file: file, line: keyLine, message: "key '\(keyText)' appears twice in the same mapping"))
                }
                members.append((keyText, keyLine, convert(value, file: file, problems: &problems)))
            }
            return SyntaxNode(kind: .mapping(members), line: line)
        case .alias:
            problems.append(Diagnostic(file: file, line: line, message: "YAML aliases (*name) are not allowed in mapping files; write the value out"))
            return SyntaxNode(kind: .scalar("", plain: false), line: line)
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        case .duplicatedKeysInMapping(_, let context): context.mark.line
        default: nil
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        case .duplicatedKeysInMapping(let duplicates, _): "key '\(duplicates.joined(separator: "', '"))' appears twice in the same mapping"
        default: "\(error)"
        }
    }
}
