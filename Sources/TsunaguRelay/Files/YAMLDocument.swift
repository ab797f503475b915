import TsunaguCore
import Yams

/// Reading the YAML (or JSON) files operators write, with problems located by file and line.
enum YAMLDocument {
    /// The root node of `text` (`nil` for an empty file).
    /// - Throws: the diagnostic saying where and why it is not YAML.
    static func compose(_ text: String, file: String) throws(DiagnosticsError) -> Node? {
        do {
            // The basic resolver leaves scalars untyped (their style and text decide here), which spares
            // compiling Yams's regular expressions, and loading ICU, when the gateway starts.
            return try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw DiagnosticsError([Diagnostic(file: file, line: line(of: error), pointer: .root, message: "not valid YAML or JSON: \(describe(error))")])
        } catch {
            throw DiagnosticsError([Diagnostic(file: file, pointer: .root, message: "not valid YAML or JSON: \(error)")])
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(error)"
        }
    }
}
