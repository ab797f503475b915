import Foundation
import NIOSSL
import TsunaguEcosystems

/// The certificate and key the gateway serves HTTPS with.
public struct TLSMaterial: Sendable {
    /// Path of the PEM certificate chain.
    public let certificatePath: String
    /// Path of the PEM private key.
    public let privateKeyPath: String

    /// Uses an operator's certificate and key.
    public init(certificatePath: String, privateKeyPath: String) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }

    /// The SHA-256 fingerprint of the (first) certificate, as colon-separated hex, for pinning.
    public func fingerprint() throws -> String {
        let certificates = try NIOSSLCertificate.fromPEMFile(certificatePath)
        guard let first = certificates.first else { throw TLSMaterialError("no certificate in \(certificatePath)") }
        return PACTTLSTrust.fingerprintSHA256(of: first)
    }

    /// The server TLS configuration (TLS 1.2 or later).
    public func serverConfiguration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    /// The self-signed certificate in `directory` (`tls/demo-cert.pem`, `tls/demo-key.pem`),
    /// created for `localhost`, `127.0.0.1` and `::1` (plus `hostNames`) when missing.
    public static func selfSigned(in directory: String, hostNames: [String] = []) throws -> (material: TLSMaterial, created: Bool) {
        let folder = (directory as NSString).appendingPathComponent("tls")
        let material = TLSMaterial(
            certificatePath: (folder as NSString).appendingPathComponent("demo-cert.pem"),
            privateKeyPath: (folder as NSString).appendingPathComponent("demo-key.pem")
        )
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let (_, created) = try SelfSignedCertificate.loadOrCreate(
            certificatePath: material.certificatePath, keyPath: material.privateKeyPath, hostNames: hostNames,
            commonName: "Tsunagu self-signed demo certificate", lifetime: 365 * 24 * 3600
        )
        return (material, created)
    }
}

/// Why TLS material could not be used.
public struct TLSMaterialError: Error, CustomStringConvertible {
    /// What is wrong.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
