import Foundation
import TsunaguCore

/// One case of a policy test file, run.
public struct PolicyTestResult: Sendable, Hashable {
    /// The test file.
    public let file: String
    /// The case's name.
    public let name: String
    /// Whether the decision matched every expectation.
    public let passed: Bool
    /// What was expected, in short (`permit [redact]`).
    public let expected: String
    /// What the engine decided, in short.
    public let actual: String
    /// What did not match, when the case failed.
    public let problems: [String]
}

/// Runs policy test files (`*.tests.yaml` next to the policies): each case is a request and the
/// expected decision, obligations and deciding policy.
public enum PolicyTestSuite {
    /// Loads the policies of `directory` and runs every test file in it.
    /// - Throws: the diagnostics of a broken policy or test file.
    public static func run(directory: String) throws(DiagnosticsError) -> [PolicyTestResult] {
        let set = try PolicySet.load(directory: directory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter(PolicyFile.isTest).sorted()
        var results: [PolicyTestResult] = []
        var problems: [Diagnostic] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                results += try run(testFile: path, shownAs: name, against: set)
            } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return results
    }

    /// Runs one test file against a loaded set.
    public static func run(testFile path: String, shownAs file: String, against set: PolicySet) throws(DiagnosticsError) -> [PolicyTestResult] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError([Diagnostic(file: file, message: "cannot read the test file")])
        }
        let document: YAMLDocument
        do {
            document = try YAMLDocument(text: text)
        } catch {
            throw DiagnosticsError(error.diagnostics.map { $0.located(in: file) })
        }
        let defaults = document.root["defaults"] ?? .object([:])
        guard let cases = document.root["cases"]?.arrayValue else {
            throw DiagnosticsError([Diagnostic(file: file, pointer: .root, message: "a test file needs a `cases` list")])
        }
        var results: [PolicyTestResult] = []
        // A misspelt key would make a case test less than it says (`requst:` runs the defaults
        // alone, `obligation:` checks no obligation) and still pass: every key must be known.
        var problems = unknownKeys(of: document.root, at: .root, allowed: ["defaults", "cases"], in: "a test file", document: document, file: file)
            + unknownKeys(of: defaults, at: JSONPointer(tokens: ["defaults"]), allowed: ["request"], in: "defaults", document: document, file: file)
        for (index, testCase) in cases.enumerated() {
            let pointer = JSONPointer(tokens: ["cases", String(index)])
            let line = document.lines[pointer]
            let name = testCase["name"]?.stringValue ?? "case \(index)"
            let misspelt = unknownKeys(of: testCase, at: pointer, allowed: ["name", "request", "expect"], in: "a case", document: document, file: file)
                + unknownKeys(
                    of: testCase["expect"] ?? .object([:]), at: JSONPointer(tokens: pointer.tokens + ["expect"]),
                    allowed: ["decision", "obligations", "reason", "policy", "recordsRelease"], in: "expect", document: document, file: file)
            guard misspelt.isEmpty else {
                problems += misspelt
                continue
            }
            guard let expect = testCase["expect"], let decision = expect["decision"]?.stringValue, ["permit", "deny"].contains(decision) else {
                problems.append(Diagnostic(file: file, line: line, pointer: pointer, message: "`expect.decision` must be permit or deny"))
                continue
            }
            let requestJSON = merged(defaults["request"] ?? .object([:]), testCase["request"] ?? .object([:]))
            let request: DecisionRequest
            do {
                request = try DecisionRequest(json: requestJSON, defaultTime: Date(timeIntervalSince1970: 0))
            } catch {
                problems += error.diagnostics.map {
                    Diagnostic(file: file, line: line, pointer: JSONPointer(tokens: pointer.tokens + ["request"] + ($0.pointer?.tokens ?? [])), message: $0.message)
                }
                continue
            }
            results.append(check(set.decide(request), against: expect, decision: decision, file: file, name: name))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return results
    }

    /// A diagnostic for each member of `value` (when an object) that `allowed` does not name.
    private static func unknownKeys(
        of value: JSONValue, at pointer: JSONPointer, allowed: [String], in context: String, document: YAMLDocument, file: String
    ) -> [Diagnostic] {
        guard case .object(let members) = value else { return [] }
        return members.keys.sorted().filter { !allowed.contains($0) }.map { key in
            let place = JSONPointer(tokens: pointer.tokens + [key])
            return Diagnostic(
                file: file, line: document.lines[place] ?? document.lines[pointer], pointer: place,
                message: "unknown key `\(key)` in \(context); expected one of \(allowed.joined(separator: ", "))")
        }
    }

    private static func check(_ outcome: Decision, against expect: JSONValue, decision: String, file: String, name: String) -> PolicyTestResult {
        var problems: [String] = []
        let actualDecision = outcome.isPermitted ? "permit" : "deny"
        if actualDecision != decision { problems.append("decision: expected \(decision), got \(actualDecision)") }
        let actualObligations = outcome.obligations.map(\.typeName)
        var expectedObligations: [String]?
        if let list = expect["obligations"]?.arrayValue {
            let names = list.compactMap(\.stringValue)
            expectedObligations = names
            if names.sorted() != actualObligations.sorted() {
                problems.append("obligations: expected [\(names.joined(separator: ", "))], got [\(actualObligations.joined(separator: ", "))]")
            }
        }
        if let reason = expect["reason"]?.stringValue, !outcome.reasons.contains(where: { $0.kind.rawValue == reason }) {
            problems.append("reason: expected \(reason), got \(outcome.reasons.map(\.kind.rawValue).joined(separator: ", "))")
        }
        if let policy = expect["policy"]?.stringValue, !outcome.reasons.contains(where: { $0.policyID == policy }) {
            problems.append("policy: expected \(policy) to decide, got \(outcome.reasons.compactMap(\.policyID).joined(separator: ", "))")
        }
        if let records = expect["recordsRelease"]?.boolValue, records != outcome.recordsRelease {
            problems.append("recordsRelease: expected \(records)")
        }
        func summary(_ decision: String, _ obligations: [String]?) -> String {
            guard let obligations, !obligations.isEmpty else { return decision }
            return "\(decision) [\(obligations.joined(separator: ", "))]"
        }
        return PolicyTestResult(
            file: file, name: name, passed: problems.isEmpty, expected: summary(decision, expectedObligations),
            actual: summary(actualDecision, actualObligations), problems: problems)
    }

    /// `overlay` on top of `base`, merging objects member by member; a `null` member removes it.
    static func merged(_ base: JSONValue, _ overlay: JSONValue) -> JSONValue {
        guard case .object(var members) = base, case .object(let extra) = overlay else { return overlay }
        for (key, value) in extra {
            if value.isNull { members[key] = nil } else { members[key] = members[key].map { merged($0, value) } ?? value }
        }
        return .object(members)
    }
}
