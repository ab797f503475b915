import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import TsunaguCore
import TsunaguEcosystems

/// Issues and verifies the gateway's access tokens: JWTs signed with ES256 by a key kept in the
/// data folder, published as a JWKS so partners can verify tokens themselves.
///
/// A token's signature is checked once; the verified claims are then remembered until the token
/// expires, so the API's hot path does no elliptic-curve work per request.
public final class TokenIssuer: Sendable {
    /// The raw key bytes: swift-crypto's key types are not `Sendable`, so keys are rebuilt where used
    /// (only when a token is issued or first verified).
    private let privateKeyBytes: Data
    /// The key id (`kid`) published in the JWKS.
    public let keyID: String
    /// The issuer (`iss`) written into and required of tokens.
    public let issuer: String
    /// How long a token is valid.
    public let lifetime: TimeInterval
    private let verified = Mutex<[String: VerifiedToken]>([:])

    private struct VerifiedToken {
        let requester: PACTRequester
        let issued: Date
        let registration: String?
        let expires: Date
    }

    /// Creates an issuer signing with `key`.
    public init(key: P256.Signing.PrivateKey, issuer: String, lifetime: TimeInterval = 3600) {
        self.privateKeyBytes = key.rawRepresentation
        self.issuer = issuer
        self.lifetime = lifetime
        self.keyID = String(Base64URL.encode(Data(SHA256.hash(data: key.publicKey.x963Representation))).prefix(16))
    }

    /// Loads the signing key from `path`, creating it (readable by the owner only) when there is
    /// no file there.
    /// - Throws: ``SigningKeyError`` when a file is there but cannot be read as a PEM key (it is
    ///   never replaced: every token issued with it would stop working), or cannot be created.
    public static func loadOrCreateKey(at path: String) throws -> P256.Signing.PrivateKey {
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SigningKeyError("the token signing key \(path) cannot be read (check its owner and permissions); it is not replaced")
            }
            guard let pem = String(data: data, encoding: .utf8), let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) else {
                throw SigningKeyError("the token signing key \(path) is not a PEM P-256 private key; restore it, or move it away to have a new one made (issued tokens then stop working)")
            }
            return key
        }
        let key = P256.Signing.PrivateKey()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        // Created with its final permissions, never readable by others, and never over a file.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SigningKeyError("the token signing key \(path) cannot be created: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(key.pemRepresentation.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw SigningKeyError("the token signing key \(path) cannot be written: \(String(cString: strerror(errno)))")
        }
        return key
    }

    /// A signed access token for `requester`; `registration` (the client's, see
    /// `APIClient.registration`) ties it to this registration of the client.
    public func issue(for requester: PACTRequester, registration: String? = nil, now: Date = Date()) throws -> String {
        let header: JSONValue = ["alg": "ES256", "typ": "JWT", "kid": .string(keyID)]
        var members: JSONObject = [
            "iss": .string(issuer), "sub": .string(requester.clientID), "tenant": .string(requester.tenant),
            "iat": .number(JSONNumber(Int(now.timeIntervalSince1970))),
            "exp": .number(JSONNumber(Int(now.addingTimeInterval(lifetime).timeIntervalSince1970))),
            "jti": .string(UUID().uuidString.lowercased()), "scope": "pact.read pact.events",
        ]
        if let registration { members["reg"] = .string(registration) }
        let claims = JSONValue.object(members)
        let signingInput = Base64URL.encode(Data(header.jsonText.utf8)) + "." + Base64URL.encode(Data(claims.jsonText.utf8))
        let signature = try P256.Signing.PrivateKey(rawRepresentation: privateKeyBytes).signature(for: Data(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// The requester a token was issued to.
    /// - Throws: `BadRequest` (400) when the token is malformed, forged or not ours, on v2 and v3
    ///   alike: the PACT conformance test cases 6, 7 and 16 expect 400 `BadRequest` for an invalid
    ///   token, though the v3 OpenAPI also lists 401; `TokenExpired` (401) when it has expired.
    public func verify(_ token: String, now: Date = Date()) throws(PACTError) -> PACTRequester {
        try verifiedToken(token, now: now).requester
    }

    /// The requester a token was issued to, the client registration it states (`nil` for a token
    /// issued before tokens stated it), and when it was issued (whole seconds): see
    /// `APIClient.accepts(tokenRegistration:issuedAt:)`. - Throws: as ``verify(_:now:)``.
    public func verifiedToken(_ token: String, now: Date = Date()) throws(PACTError) -> (requester: PACTRequester, registration: String?, issued: Date) {
        if let known = verified.withLock({ $0[token] }) {
            guard known.expires > now else { throw PACTError.tokenExpired("the access token has expired: obtain a new one from /auth/token") }
            return (known.requester, known.registration, known.issued)
        }
        let invalid = PACTError.badRequest("invalid access token: obtain one from /auth/token with the client credentials grant")
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signatureBytes = Base64URL.decode(parts[2]),
            let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signatureBytes),
            let key = try? P256.Signing.PrivateKey(rawRepresentation: privateKeyBytes),
            key.publicKey.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8)),
            let headerBytes = Base64URL.decode(parts[0]), let header = try? JSONParser(maximumBytes: 8192).parse(headerBytes),
            header["alg"] == "ES256",
            let claimBytes = Base64URL.decode(parts[1]), let claims = try? JSONParser(maximumBytes: 8192).parse(claimBytes),
            claims["iss"]?.stringValue == issuer, let clientID = claims["sub"]?.stringValue, let tenant = claims["tenant"]?.stringValue,
            let expiry = claims["exp"]?.numberValue.flatMap({ Int($0.text) }),
            let issuedAt = claims["iat"]?.numberValue.flatMap({ Int($0.text) })
        else { throw invalid }
        let expires = Date(timeIntervalSince1970: TimeInterval(expiry))
        guard expires > now else { throw PACTError.tokenExpired("the access token has expired: obtain a new one from /auth/token") }
        let requester = PACTRequester(clientID: clientID, tenant: tenant)
        let issued = Date(timeIntervalSince1970: TimeInterval(issuedAt))
        let registration = claims["reg"]?.stringValue
        verified.withLock { cache in
            if cache.count >= 10_000 { cache = cache.filter { $0.value.expires > now } }
            if cache.count < 10_000 { cache[token] = VerifiedToken(requester: requester, issued: issued, registration: registration, expires: expires) }
        }
        return (requester, registration, issued)
    }

    /// The JSON Web Key Set with the public key.
    public var jwks: JSONValue {
        let point = (try? P256.Signing.PrivateKey(rawRepresentation: privateKeyBytes).publicKey.x963Representation) ?? Data()
        let x = point.dropFirst().prefix(32)
        let y = point.dropFirst(33)
        return ["keys": [["kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": .string(keyID), "x": .string(Base64URL.encode(x)), "y": .string(Base64URL.encode(y))]]]
    }
}

/// Why the token signing key could not be loaded or made.
public struct SigningKeyError: Error, CustomStringConvertible {
    /// What went wrong, and what to do.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
