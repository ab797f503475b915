import Foundation
import Testing

/// `tsunagu conformance` as a CI job runs it: exit 1 is a host that does not conform, exit 2 a
/// check that could not run.
@Suite struct ConformanceCommandTests {
    @Test func aCheckThatCannotRunExitsWith2AndSaysWhy() async throws {
        let run = try await runTsunaguCapturingErrors([
            "conformance", "--base-url", "https://127.0.0.1:1", "--client-id", "x", "--client-secret", "y", "--no-callbacks", "--insecure",
            "--schemas", "/nonexistent/schemas",
        ])
        #expect(run.status == 2, "\(run.status): \(run.errors)")
        #expect(run.errors.contains("could not run"), "\(run.errors)")
    }
}
