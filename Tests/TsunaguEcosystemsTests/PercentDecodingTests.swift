import Foundation
import Testing
import TsunaguEcosystems

/// `percentDecoded` decodes escapes as Foundation does, and leaves text without `%` as it is.
@Suite struct PercentDecodingTests {
    @Test(arguments: [
        ("limit", "limit"), ("%24filter", "$filter"), ("a%20b", "a b"), ("caf%C3%A9", "café"),
        ("%zz", "%zz"), ("%C3", "%C3"), ("", ""), ("plain+text", "plain+text"),
    ])
    func decodesAsFoundationDoes(_ text: String, _ expected: String) {
        #expect(text.percentDecoded == expected)
        #expect(text.percentDecoded == (text.removingPercentEncoding ?? text))
        #expect(text[...].percentDecoded == expected, "a substring too")
    }
}
