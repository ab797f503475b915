import Crypto
import Foundation
import _CryptoExtras

/// Salted, slow hashes of client secrets (PBKDF2-HMAC-SHA256), so a copy of the database does
/// not give away a secret. Stored as `pbkdf2-sha256$<rounds>$<salt>$<hash>` (base64).
public enum SecretHasher {
    /// The work factor for new hashes (the minimum that swift-crypto accepts without opting out).
    static let rounds = 210_000

    /// A new random secret for a client: 32 random bytes, base64url.
    public static func generateSecret() -> String {
        Base64URL.encode(Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
    }

    /// The salted hash of `secret`, ready to store.
    public static func hash(_ secret: String) throws -> String {
        let salt = Data(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) })
        let derived = try derive(secret, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(salt.base64EncodedString())$\(derived.base64EncodedString())"
    }

    /// Whether `secret` matches `storedHash` (compared in constant time).
    public static func verify(_ secret: String, against storedHash: String) -> Bool {
        let parts = storedHash.split(separator: "$")
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds >= 210_000,
            let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
            let derived = try? derive(secret, salt: salt, rounds: rounds), derived.count == expected.count
        else { return false }
        return zip(derived, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func derive(_ secret: String, salt: Data, rounds: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(secret.utf8), salt: salt, using: .sha256, outputByteCount: 32, rounds: rounds)
        return key.withUnsafeBytes { Data($0) }
    }
}

/// Base64url without padding (RFC 4648 §5), as JWTs and JWKs use it.
public enum Base64URL {
    /// Encodes `data`.
    public static func encode(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes `text`, or `nil` when it is not base64url.
    public static func decode(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        return Data(base64Encoded: base64)
    }
}
