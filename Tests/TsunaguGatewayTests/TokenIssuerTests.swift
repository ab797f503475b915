import Crypto
import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems
@testable import TsunaguGateway

@Suite struct TokenIssuerTests {
    let issuer = TokenIssuer(key: P256.Signing.PrivateKey(), issuer: "https://gw.example", lifetime: 60)
    let requester = PACTRequester(clientID: "c1", tenant: "acme")

    /// A signing key file that cannot be read as a key is never replaced (every issued token would
    /// stop working); a missing one is made readable by its owner only.
    @Test func aSigningKeyIsMadeOnceAndNeverReplaced() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-keys-\(UUID().uuidString)").path
        let path = folder + "/keys/token-signing-key.pem"
        let made = try TokenIssuer.loadOrCreateKey(at: path)
        #expect(try TokenIssuer.loadOrCreateKey(at: path).rawRepresentation == made.rawRepresentation)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let damaged = Data([0x30, 0x82, 0xFF, 0xFE])
        try damaged.write(to: URL(fileURLWithPath: path))
        #expect(throws: SigningKeyError.self) { try TokenIssuer.loadOrCreateKey(at: path) }
        #expect(FileManager.default.contents(atPath: path) == damaged)
    }

    @Test func verifiesItsOwnTokens() throws {
        let token = try issuer.issue(for: requester)
        #expect(try issuer.verify(token) == requester)
        #expect(try issuer.verify(token) == requester)
    }

    @Test func refusesExpiredTokensWithTokenExpired() throws {
        let token = try issuer.issue(for: requester, now: Date().addingTimeInterval(-120))
        #expect(throws: PACTError.tokenExpired("the access token has expired: obtain a new one from /auth/token")) { try issuer.verify(token) }
    }

    @Test func refusesForeignForgedAndMalformedTokensWithBadRequest() throws {
        let other = TokenIssuer(key: P256.Signing.PrivateKey(), issuer: "https://gw.example")
        let foreign = try other.issue(for: requester)
        var parts = try issuer.issue(for: requester).split(separator: ".").map(String.init)
        parts[1] = Base64URL.encode(Data(#"{"iss":"https://gw.example","sub":"admin","tenant":"other","exp":9999999999}"#.utf8))
        for token in [foreign, parts.joined(separator: "."), "invalid-access-token", "a.b.c", ""] {
            #expect { try issuer.verify(token) } throws: { ($0 as? PACTError)?.code == "BadRequest" }
        }
    }

    @Test func publishesThePublicKeyAsJWK() throws {
        let key = try #require(issuer.jwks["keys"]?[0])
        #expect(key["kid"]?.stringValue == issuer.keyID)
        #expect(Base64URL.decode(key["x"]?.stringValue ?? "")?.count == 32)
        #expect(Base64URL.decode(key["y"]?.stringValue ?? "")?.count == 32)
    }
}

@Suite struct SecretHasherTests {
    @Test func verifiesOnlyTheRightSecret() throws {
        let secret = SecretHasher.generateSecret()
        let hash = try SecretHasher.hash(secret)
        #expect(!hash.contains(secret))
        #expect(SecretHasher.verify(secret, against: hash))
        #expect(!SecretHasher.verify(secret + "x", against: hash))
        #expect(!SecretHasher.verify(secret, against: "pbkdf2-sha256$1$AA==$AA=="))
        #expect(try SecretHasher.hash(secret) != hash)
    }
}

@Suite struct AuthRoutesParsingTests {
    @Test func readsBasicCredentialsAndForms() {
        let header = "Basic " + Data("my%20client:s3:cret".utf8).base64EncodedString()
        let credentials = AuthRoutes.basicCredentials(header)
        #expect(credentials?.0 == "my client")
        #expect(credentials?.1 == "s3:cret")
        let plus = AuthRoutes.basicCredentials("Basic " + Data("a+b:c+d".utf8).base64EncodedString())
        #expect(plus?.0 == "a b" && plus?.1 == "c d", "form-encoded: + is a space")
        let awkward = AuthRoutes.basicCredentials(PACTCredentials(clientID: "id:+ é", clientSecret: "p%41ss+w:rd ").basicAuthorization)
        #expect(awkward?.0 == "id:+ é" && awkward?.1 == "p%41ss+w:rd ", "what PACTCredentials encodes is read back as it was")
        #expect(AuthRoutes.basicCredentials("Bearer x") == nil)
        #expect(AuthRoutes.basicCredentials("Basic !!!") == nil)
        #expect(AuthRoutes.parseForm("grant_type=client_credentials&scope=a+b%2Fc") == ["grant_type": "client_credentials", "scope": "a b/c"])
    }
}
