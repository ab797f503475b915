import Foundation
import Testing

/// `tsunagu serve` refusing to start, as an operator meets it.
@Suite struct ServeCommandTests {
    /// A certificate or key that cannot be loaded is said, with its path, before anything starts;
    /// the process ends with an error, not a crash.
    @Test func aMissingCertificateIsSaidBeforeAnythingStarts() async throws {
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-serve-tls")
        let run = try await runTsunaguCapturingErrors([
            "serve", "--data", data, "--port", "0", "--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem",
        ])
        #expect(run.status == 1, "\(run.status): \(run.errors)")
        #expect(run.errors.contains("/nonexistent/cert.pem"), "\(run.errors)")
    }
}
