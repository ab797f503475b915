import Foundation
import Testing
import TsunaguCore
import TsunaguStore

/// `tsunagu audit list` filters, run as an operator runs them.
@Suite struct AuditListCommandTests {
    @Test func anActionIsMatchedExactlyUnlessItAsksForAPrefixAndTimesBoundTheList() async throws {
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-audit-list")
        #expect(try await runTsunagu(["tenants", "add", "acme", "--data", data]).status == 0)
        let start = try #require(Timestamp.parse("2026-03-01T00:00:00Z"))
        func entry(_ action: String, _ day: Double) -> AuditEntry {
            AuditEntry(time: start.addingTimeInterval(day * 86_400), tenant: "acme", actor: "buyer", ecosystem: "pact", action: action, subject: "\(action)-\(Int(day))", detail: [:])
        }
        do {
            let store = try SQLiteStore(path: (data as NSString).appendingPathComponent("tsunagu.sqlite"))
            try await store.appendAudit([entry("release", 0), entry("release.failed", 1), entry("release", 2), entry("relay.delivered", 3)])
        }
        func subjects(_ arguments: [String]) async throws -> [String] {
            let listed = try await runTsunagu(["audit", "list", "--data", data, "--json"] + arguments)
            #expect(listed.status == 0, "\(listed.output)")
            return try listed.output.split(separator: "\n").map { try JSONParser().parse(String($0))["subject"]?.stringValue ?? "" }
        }
        #expect(try await subjects(["--action", "release"]) == ["release-0", "release-2"])
        #expect(try await subjects(["--action", "release*"]) == ["release-0", "release.failed-1", "release-2"])
        #expect(try await subjects(["--action", "rel*", "--since", "2026-03-02", "--until", "2026-03-03T12:00:00Z"]) == ["release.failed-1", "release-2"])
        #expect(try await subjects(["--since", "2026-03-04T00:00:00Z"]) == ["relay.delivered-3"])
        let backwards = try await runTsunaguCapturingErrors(["audit", "list", "--data", data, "--since", "2026-03-04", "--until", "2026-03-01"])
        #expect(backwards.status != 0 && backwards.errors.contains("must be before --until"), "\(backwards.errors)")
        let garbled = try await runTsunaguCapturingErrors(["audit", "list", "--data", data, "--since", "yesterday"])
        #expect(garbled.status != 0 && garbled.errors.contains("found 'yesterday'"), "\(garbled.errors)")
    }
}
