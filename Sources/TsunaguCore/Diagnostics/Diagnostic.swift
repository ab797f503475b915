/// One problem found in a file a person wrote (a mapping, a policy, a footprint to import) or in a
/// document a partner sent, with enough location to fix it.
///
/// Loaders collect every diagnostic and report them together; they throw only when the work
/// cannot go on.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a problem is.
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
        case note
    }

    /// How serious the problem is; only errors reject a file.
    public let severity: Severity
    /// The file the problem is in, when it came from a file.
    public let file: String?
    /// The 1-based line in `file`, when known.
    public let line: Int?
    /// Where in the document the problem is.
    public let pointer: JSONPointer?
    /// What is wrong and, where possible, what to do about it.
    public let message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity = .error, file: String? = nil, line: Int? = nil, pointer: JSONPointer? = nil, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.pointer = pointer
        self.message = message
    }

    /// `file:line: severity: pointer: message`, omitting what is unknown.
    public var description: String {
        var location = ""
        if let file {
            location += file
            if let line { location += ":\(line)" }
            location += ": "
        }
        let place = pointer.map { "\($0.description.isEmpty ? "/" : $0.description): " } ?? ""
        return "\(location)\(severity.rawValue): \(place)\(message)"
    }

    /// This diagnostic attributed to `file` (and `line`, when given and not already known).
    public func located(in file: String, line: Int? = nil) -> Diagnostic {
        Diagnostic(severity, file: file, line: self.line ?? line, pointer: pointer, message: message)
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}

/// Thrown when a file or document has problems that stop the work; carries every problem found.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    /// Every problem, in the order found.
    public let diagnostics: [Diagnostic]

    /// Creates the error from the problems found.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
