import Foundation
import Testing

@testable import TsunaguEcosystems

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

/// The callback receiver's certificate kept across runs: made anew when the one the command made
/// has expired, refused (exit 2) when someone else's has, its expiry shown either way.
@Suite struct ConformanceCallbackCertificateTests {
    private func run(certificate: SelfSignedCertificate) async throws -> (status: Int32, output: String, errors: String, files: [Data]) {
        let folder = try RepositoryPaths.temporaryDirectory("tsunagu-callback-cert")
        let (certificatePath, keyPath) = (folder + "/cert.pem", folder + "/key.pem")
        try certificate.certificatePEM.write(toFile: certificatePath, atomically: true, encoding: .utf8)
        try certificate.privateKeyPEM.write(toFile: keyPath, atomically: true, encoding: .utf8)
        let run = try await runTsunaguCapturingErrors([
            "conformance", "--base-url", "https://127.0.0.1:1", "--client-id", "x", "--client-secret", "y", "--insecure", "--no-schemas",
            "--callback-port", "0", "--callback-cert", certificatePath, "--callback-key", keyPath, "--timeout", "2",
        ])
        let files = try [certificatePath, keyPath].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        return (run.status, run.output, run.errors, files)
    }

    private func expired(organization: String) throws -> SelfSignedCertificate {
        try SelfSignedCertificate(
            hostNames: [], commonName: "Tsunagu conformance suite", organization: organization, notValidBefore: Date().addingTimeInterval(-8 * 24 * 3600),
            notValidAfter: Date().addingTimeInterval(-3600)
        )
    }

    @Test func anExpiredCertificateTheCommandMadeIsMadeAnew() async throws {
        let stale = try expired(organization: "Tsunagu")
        let run = try await run(certificate: stale)
        let line = run.output.split(separator: "\n").first { $0.hasPrefix("callback receiver: https://") } ?? ""
        #expect(line.contains("made anew: the previous one expired on "), "\(run.output) \(run.errors)")
        #expect(line.contains(", valid until 20"), "\(line)")
        #expect(run.files[0] != Data(stale.certificatePEM.utf8))
        #expect(run.status == 1, "\(run.status): \(run.errors)")
    }

    @Test func someoneElsesExpiredCertificateStopsTheCheckWithExit2() async throws {
        let stale = try expired(organization: "Example Corp")
        let run = try await run(certificate: stale)
        #expect(run.status == 2, "\(run.status): \(run.output) \(run.errors)")
        #expect(run.errors.contains("expired on") && run.errors.contains("not one Tsunagu made"), "\(run.errors)")
        #expect(run.files[0] == Data(stale.certificatePEM.utf8))
    }
}
