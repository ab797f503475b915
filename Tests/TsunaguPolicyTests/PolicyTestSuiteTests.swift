import Foundation
import Testing
import TsunaguCore
@testable import TsunaguPolicy

@Suite struct PolicyTestSuiteTests {
    @Test func shippedPolicyTestsPass() throws {
        let results = try PolicyTestSuite.run(directory: Fixtures.policiesDirectory)
        #expect(results.count >= 30)
        for result in results where !result.passed {
            Issue.record("\(result.file): \(result.name): \(result.problems.joined(separator: "; "))")
        }
    }

    @Test func aWrongExpectationFailsWithItsReason() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policy-suite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"@type": "Set", "@id": "all", "permission": [{"action": "use"}]}"#.write(to: directory.appendingPathComponent("all.json"), atomically: true, encoding: .utf8)
        let tests = """
            defaults:
              request: {action: use, requester: {ecosystem: pact, tenant: t}, footprint: {tenant: t}}
            cases:
              - name: right
                expect: {decision: permit, obligations: [], policy: all}
              - name: wrong
                expect: {decision: deny, obligations: [redact]}
            """
        try tests.write(to: directory.appendingPathComponent("all.tests.yaml"), atomically: true, encoding: .utf8)
        let results = try PolicyTestSuite.run(directory: directory.path)
        #expect(results.map(\.passed) == [true, false])
        #expect(results[1].problems.count == 2)
        #expect(results[1].expected == "deny [redact]")
        #expect(results[1].actual == "permit")
    }

    @Test func aBrokenTestCaseIsReported() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policy-suite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "cases:\n  - name: x\n    request: {action: fly}\n    expect: {decision: maybe}\n".write(
            to: directory.appendingPathComponent("x.tests.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: DiagnosticsError.self) { try PolicyTestSuite.run(directory: directory.path) }
    }

    @Test func mergeOverlaysAndRemoves() {
        let merged = PolicyTestSuite.merged(["a": ["b": 1, "c": 2], "d": 3], ["a": ["c": 4], "d": .null])
        #expect(merged == ["a": ["b": 1, "c": 4]])
    }
}
