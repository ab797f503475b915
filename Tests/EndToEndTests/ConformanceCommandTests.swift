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

    /// The secret may come from an environment variable (the command line shows in `ps`); exactly
    /// one of the two ways is taken, and a variable that is not set is said.
    @Test func theSecretComesFromOneOfItsTwoOptions() async throws {
        let base = ["conformance", "--base-url", "https://127.0.0.1:1", "--client-id", "x", "--no-callbacks", "--insecure"]
        let neither = try await runTsunaguCapturingErrors(base)
        #expect(neither.status != 0 && neither.errors.contains("--client-secret-env"), "\(neither.errors)")
        let both = try await runTsunaguCapturingErrors(base + ["--client-secret", "y", "--client-secret-env", "SOME_VARIABLE"])
        #expect(both.status != 0 && both.errors.contains("exactly one"), "\(both.errors)")
        let unset = try await runTsunaguCapturingErrors(base + ["--client-secret-env", "TSUNAGU_TEST_VARIABLE_NEVER_SET"])
        #expect(unset.status != 0 && unset.errors.contains("TSUNAGU_TEST_VARIABLE_NEVER_SET"), "\(unset.errors)")
    }

    /// A timeout too large for the clock (or not a number of seconds) is refused as usage, not a crash.
    @Test(arguments: [["--timeout", "1e10"], ["--timeout", "1e300"], ["--callback-timeout", "inf"], ["--timeout", "0"]])
    func anImpossibleTimeoutIsRefused(option: [String]) async throws {
        let run = try await runTsunaguCapturingErrors([
            "conformance", "--base-url", "https://127.0.0.1:1", "--client-id", "x", "--client-secret", "y", "--no-callbacks", "--insecure",
        ] + option)
        #expect(run.status == 64, "\(run.status): \(run.errors)")
        #expect(run.errors.contains("timeouts are seconds between 0 and 3600"), "\(run.errors)")
    }
}
