/// The outcome of one conformance test case.
public struct PACTConformanceResult: Sendable, Hashable {
    /// The case number in the PACT conformance service's documentation (`1`, `14.A`, `40`), or
    /// `T<n>` for Tsunagu's own additional checks.
    public let id: String
    /// What the case checks.
    public let name: String
    /// Whether the PACT conformance service requires the case for the version tested.
    public let mandatory: Bool
    /// Whether the host passed.
    public let passed: Bool
    /// What was sent and what came back, or why the case failed.
    public let detail: String
    /// Things the official tool only warns about, or that a stricter reading would refuse.
    public let warnings: [String]

    /// Creates a result.
    public init(id: String, name: String, mandatory: Bool, passed: Bool, detail: String, warnings: [String] = []) {
        self.id = id
        self.name = name
        self.mandatory = mandatory
        self.passed = passed
        self.detail = detail
        self.warnings = warnings
    }
}

/// Everything a conformance run found.
public struct PACTConformanceReport: Sendable {
    /// The version tested.
    public let spec: PACTConformanceSpec
    /// The host's API base URL.
    public let baseURL: String
    /// The results in case order.
    public let results: [PACTConformanceResult]

    /// Creates a report.
    public init(spec: PACTConformanceSpec, baseURL: String, results: [PACTConformanceResult]) {
        self.spec = spec
        self.baseURL = baseURL
        self.results = results
    }

    /// The mandatory cases that failed.
    public var mandatoryFailures: [PACTConformanceResult] { results.filter { $0.mandatory && !$0.passed } }

    /// Whether every mandatory case passed: the host conforms as far as this suite can tell.
    public var conforms: Bool { mandatoryFailures.isEmpty }

    /// The result of case `id`, if it ran.
    public func result(_ id: String) -> PACTConformanceResult? { results.first { $0.id == id } }

    /// A plain-text pass/fail table with one line per case, then details of failures and warnings.
    public func table() -> String {
        let idWidth = max(4, results.map(\.id.count).max() ?? 0)
        let nameWidth = min(78, max(4, results.map(\.name.count).max() ?? 0))
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
        }
        var lines = ["PACT \(spec.rawValue) conformance of \(baseURL)", ""]
        lines.append("\(pad("case", idWidth))  \(pad("name", nameWidth))  mandatory  result")
        lines.append(String(repeating: "-", count: idWidth + nameWidth + 21))
        for result in results {
            let verdict = result.passed ? (result.warnings.isEmpty ? "PASS" : "PASS (warnings)") : "FAIL"
            lines.append("\(pad(result.id, idWidth))  \(pad(result.name, nameWidth))  \(pad(result.mandatory ? "yes" : "no", 9))  \(verdict)")
        }
        let notable = results.filter { !$0.passed || !$0.warnings.isEmpty }
        if !notable.isEmpty {
            lines.append("")
            for result in notable {
                lines.append("\(result.passed ? "note" : "FAIL") \(result.id): \(result.detail)")
                for warning in result.warnings { lines.append("  warning: \(warning)") }
            }
        }
        let passed = results.filter(\.passed).count
        let mandatory = results.filter(\.mandatory)
        lines.append("")
        lines.append("\(passed)/\(results.count) passed; mandatory \(mandatory.filter(\.passed).count)/\(mandatory.count): \(conforms ? "CONFORMS" : "DOES NOT CONFORM")")
        return lines.joined(separator: "\n")
    }
}
