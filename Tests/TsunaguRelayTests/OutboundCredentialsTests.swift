import Testing
@testable import TsunaguRelay

@Suite struct OutboundCredentialsTests {
    @Test func secretsAreReadFromTheNamedVariablesOnly() {
        let credentials = OutboundCredentials(clientID: "c", secretVariable: "PARTNER_SECRET", apiKeyVariable: "PARTNER_KEY")
        let resolved = credentials.resolve(in: ["PARTNER_SECRET": "s", "OTHER": "o"])
        #expect(resolved.secret == "s")
        #expect(resolved.apiKey == nil)
        #expect(OutboundCredentials.isVariableName("PACT_SECRET_1"))
        #expect(!OutboundCredentials.isVariableName("1SECRET"))
        #expect(!OutboundCredentials.isVariableName("abc def"))
        #expect(!OutboundCredentials.isVariableName(""))
    }
}
