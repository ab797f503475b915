import Foundation
import Testing

@testable import TsunaguEcosystems

/// The certificate kept in PEM files across runs: made when missing, kept while fit, made anew
/// when Tsunagu's own has expired or does not name a requested host, refused when someone
/// else's is unfit.
struct KeptCertificateTests {
    private let day: TimeInterval = 24 * 3600

    private struct Files {
        let certificate: String
        let key: String

        init() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-kept-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            certificate = folder + "/cert.pem"
            key = folder + "/key.pem"
        }

        func write(_ stored: SelfSignedCertificate) throws {
            try (stored.certificatePEM + "\n").write(toFile: certificate, atomically: true, encoding: .utf8)
            try stored.privateKeyPEM.write(toFile: key, atomically: true, encoding: .utf8)
        }

        func contents() throws -> [Data] {
            try [certificate, key].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        }

        func kept(_ hostNames: [String]) throws -> KeptCertificate {
            try SelfSignedCertificate.kept(certificatePath: certificate, keyPath: key, hostNames: hostNames)
        }
    }

    private func certificate(
        _ hostNames: [String] = [], organization: String = SelfSignedCertificate.organization, validFor lifetime: TimeInterval
    ) throws -> SelfSignedCertificate {
        let now = Date()
        return try SelfSignedCertificate(
            hostNames: hostNames, commonName: "test", organization: organization, notValidBefore: now.addingTimeInterval(-30 * day),
            notValidAfter: now.addingTimeInterval(lifetime)
        )
    }

    @Test func missingFilesAreWrittenWithAnOwnerOnlyKey() throws {
        let files = try Files()
        let kept = try files.kept(["127.0.0.1"])
        #expect(kept.origin == .created)
        #expect(abs(kept.expiry.timeIntervalSinceNow - 7 * day) < 60)
        #expect(try files.contents()[0] == Data((kept.certificate.certificatePEM + "\n").utf8))
        let permissions = try FileManager.default.attributesOfItem(atPath: files.key)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func aFitCertificateIsKeptAsItIs() throws {
        let files = try Files()
        try files.write(try certificate(["callback.example"], validFor: 3 * day))
        let before = try files.contents()
        // Listening on every address needs no name in the certificate.
        let kept = try files.kept(["0.0.0.0", "CALLBACK.example", "127.0.0.1"])
        #expect(kept.origin == .loaded)
        #expect(try files.contents() == before)
        #expect(Data(kept.certificate.certificatePEM.utf8) == before[0])
    }

    @Test(arguments: [(-60.0, "expired on"), (3600.0, "within a day")])
    func tsunagusExpiredOrExpiringCertificateIsMadeAnew(lifetime: TimeInterval, reason: String) throws {
        let files = try Files()
        try files.write(try certificate(["127.0.0.1"], validFor: lifetime))
        let before = try files.contents()
        let kept = try files.kept(["127.0.0.1"])
        guard case .replaced(let why) = kept.origin else {
            Issue.record("kept as \(kept.origin)")
            return
        }
        #expect(why.contains(reason), "\(why)")
        #expect(kept.expiry > Date().addingTimeInterval(6 * day))
        let after = try files.contents()
        #expect(after[0] != before[0] && after[1] != before[1])
        #expect(after[0] == Data((kept.certificate.certificatePEM + "\n").utf8))
        #expect(try files.kept(["127.0.0.1"]).origin == .loaded)
    }

    @Test func tsunagusCertificateLackingAnAdvertisedNameIsMadeAnew() throws {
        let files = try Files()
        try files.write(try certificate(validFor: 7 * day))
        let kept = try files.kept(["127.0.0.1", "callback.example"])
        #expect(kept.origin == .replaced(reason: "does not name callback.example (it names localhost, 127.0.0.1, 0:0:0:0:0:0:0:1)"))
        #expect(try kept.certificate.fitness(for: ["callback.example"], at: Date()).problem == nil)
    }

    @Test(arguments: [(-60.0, [String](), "expired on"), (7 * 24 * 3600.0, ["callback.example"], "does not name callback.example")])
    func someoneElsesUnfitCertificateIsRefusedAndLeftAlone(lifetime: TimeInterval, hostNames: [String], problem: String) throws {
        let files = try Files()
        try files.write(try certificate(organization: "Example Corp", validFor: lifetime))
        let before = try files.contents()
        #expect {
            try files.kept(hostNames)
        } throws: { error in
            let message = (error as? StoredCertificateError)?.description ?? ""
            return message.contains(problem) && message.contains("not one Tsunagu made") && message.contains("remove \(files.certificate)")
        }
        #expect(try files.contents() == before)
    }

    @Test func someoneElsesFitCertificateIsKept() throws {
        let files = try Files()
        try files.write(try certificate(["callback.example"], organization: "Example Corp", validFor: 30 * day))
        let before = try files.contents()
        #expect(try files.kept(["callback.example"]).origin == .loaded)
        #expect(try files.contents() == before)
    }
}
