import Foundation

/// A self-signed certificate kept in PEM files across runs (so that a host can trust it), and
/// how the files came to hold it.
public struct KeptCertificate: Sendable {
    /// How the files came to hold the certificate.
    public enum Origin: Sendable, Equatable {
        /// The files held it, and it is fit to serve.
        case loaded
        /// The files were missing and were written now.
        case created
        /// The files held a certificate Tsunagu had made that was no longer fit to serve (the
        /// reason says why, e.g. "expired on 2025-01-31T12:00:00Z"); a new one replaced it.
        case replaced(reason: String)
    }

    /// The certificate and its key.
    public let certificate: SelfSignedCertificate
    /// How the files came to hold it.
    public let origin: Origin
    /// When the certificate stops being valid.
    public let expiry: Date
}

/// Why a kept certificate cannot be used, when it is one Tsunagu did not make and so does not replace.
public struct StoredCertificateError: Error, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public let description: String
}

extension SelfSignedCertificate {
    /// The certificate and key in the PEM files at `certificatePath` and `keyPath`. They are
    /// written (the key readable by the owner only) with a new certificate for `hostNames` when
    /// either is missing, or when the certificate there is one Tsunagu made that has expired,
    /// expires within a day of `now`, or does not name every one of `hostNames`.
    /// - Throws: ``StoredCertificateError`` when the files hold such an unfit certificate that
    ///   Tsunagu did not make (it is left as it is); when the files cannot be read, parsed or written.
    public static func kept(
        certificatePath: String, keyPath: String, hostNames: [String], commonName: String = "Tsunagu conformance suite",
        lifetime: TimeInterval = 7 * 24 * 3600, now: Date = Date()
    ) throws -> KeptCertificate {
        let files = FileManager.default
        var origin = KeptCertificate.Origin.created
        if files.fileExists(atPath: certificatePath), files.fileExists(atPath: keyPath) {
            let stored = try SelfSignedCertificate(
                certificatePEM: try String(contentsOfFile: certificatePath, encoding: .utf8),
                privateKeyPEM: try String(contentsOfFile: keyPath, encoding: .utf8)
            )
            let fitness = try stored.fitness(for: hostNames, at: now)
            guard let problem = fitness.problem else {
                return KeptCertificate(certificate: stored, origin: .loaded, expiry: fitness.expiry)
            }
            guard fitness.isMadeByTsunagu else {
                throw StoredCertificateError(description: """
                    the certificate in \(certificatePath) \(problem), and it is not one Tsunagu made, so it is left as it is: \
                    put a current certificate naming \(hostNames.joined(separator: ", ")) there, or remove \(certificatePath) \
                    and \(keyPath) to have Tsunagu make one
                    """)
            }
            origin = .replaced(reason: problem)
        }
        let certificate = try SelfSignedCertificate(hostNames: hostNames, commonName: commonName, lifetime: lifetime)
        // A final newline, as PEM files have: operators concatenate certificates into trust files.
        try (certificate.certificatePEM + "\n").write(toFile: certificatePath, atomically: true, encoding: .utf8)
        guard files.createFile(atPath: keyPath, contents: Data(certificate.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: keyPath])
        }
        return KeptCertificate(certificate: certificate, origin: origin, expiry: try certificate.fitness(for: [], at: now).expiry)
    }
}
