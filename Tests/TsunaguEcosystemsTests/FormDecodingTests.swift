import Foundation
import Testing
import TsunaguEcosystems

/// `application/x-www-form-urlencoded` names and values, as OAuth 2.0 encodes client credentials
/// (written by `PACTQueryEncoding`, read by `formDecoded`).
@Suite struct FormDecodingTests {
    @Test func plusIsASpaceAndEscapesAreDecoded() {
        #expect("a+b%2Bc%3Ad".formDecoded == "a b+c:d")
        #expect("%C3%A9%E6%BC%A2".formDecoded == "é漢")
        #expect("plain".formDecoded == "plain")
        #expect("100%".formDecoded == "100%", "an escape that is not one stays as it is")
    }

    @Test(arguments: ["plain", "a b+c", "p%41ss+w:rd é", "100%", "%zz", "漢字 + kana", " leading and trailing "])
    func decodingGivesBackWhatCredentialsEncode(text: String) {
        #expect(PACTQueryEncoding.encode(text).formDecoded == text)
    }

    @Test func basicCredentialsCarryTheEncodedIdAndSecret() throws {
        let header = PACTCredentials(clientID: "my client", clientSecret: "s3:cr+t%").basicAuthorization
        let encoded = try #require(header.split(separator: " ").last.flatMap { Data(base64Encoded: String($0)) })
        #expect(String(decoding: encoded, as: UTF8.self) == "my%20client:s3%3Acr%2Bt%25")
    }
}
