import Testing
import TsunaguEcosystems

/// RFC 8288 `Link` headers as PACT hosts write them, and query encoding.
@Suite struct PACTLinkHeaderClientTests {
    @Test func readsTheNextLinkAmongOthers() {
        let header = PACTLinkHeader(values: [
            #"<https://h/3/footprints?offset=1&limit=10>; rel="first", <https://h/3/footprints?offset=1&limit=10>; rel="prev", <https://h/3/footprints?offset=3&limit=10>; rel="next""#,
        ])
        #expect(header.next == "https://h/3/footprints?offset=3&limit=10")
        #expect(header.links["first"] == "https://h/3/footprints?offset=1&limit=10")
    }

    @Test func acceptsUnquotedAndMultipleRelations() {
        #expect(PACTLinkHeader(values: ["<https://h/a>; rel=next"]).next == "https://h/a")
        let header = PACTLinkHeader(values: [#"<https://h/b>; title="a, b"; rel="last next""#])
        #expect(header.next == "https://h/b")
        #expect(header.links["last"] == "https://h/b")
    }

    @Test func readsLinksSpreadOverSeveralFields() {
        let header = PACTLinkHeader(values: [#"<https://h/p>; rel="prev""#, #"<https://h/n>; REL="Next""#])
        #expect(header.next == "https://h/n")
    }

    @Test func ignoresValuesThatAreNotLinks() {
        #expect(PACTLinkHeader(values: ["", "garbage", "<https://h/x>", "<https://h/y>; title=\"no rel\""]).links.isEmpty)
    }

    @Test func encodesEverythingButUnreservedCharacters() {
        #expect(PACTQueryEncoding.encode("urn:pact:a b/c?d=e&f#g~h") == "urn%3Apact%3Aa%20b%2Fc%3Fd%3De%26f%23g~h")
        #expect(PACTQueryEncoding.encode("é") == "%C3%A9")
        #expect(PACTQueryEncoding.query([("productId", "x"), ("productId", "y")]) == "productId=x&productId=y")
    }
}
