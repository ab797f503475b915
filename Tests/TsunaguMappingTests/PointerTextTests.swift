import Testing
import TsunaguCore
@testable import TsunaguMapping

@Suite struct PointerTextTests {
    @Test func encodesAndDecodesEscapes() {
        let tokens = ["a/b", "m~n", "", "0", "日本"]
        let text = PointerText.encode(tokens)
        #expect(text == "/a~1b/m~0n//0/日本")
        #expect(PointerText.decode(text) == tokens)
        #expect(PointerText.decode("") == [])
        #expect(PointerText.decode("/") == [""])
        #expect(PointerText.decode("//a/") == ["", "a", ""])
        #expect(PointerText.decode("/~01/~10") == ["~1", "/0"])
    }

    @Test(arguments: [[], [""], ["", ""], ["a"], ["companyAndProductInformation", "0", "日本語", "", "x y"], ["a", "b/c", "d"], ["~"]])
    func encodesAsTheGeneralPointerDoes(_ tokens: [String]) {
        let text = PointerText.encode(tokens)
        #expect(text == JSONPointer(tokens: tokens).description)
        #expect(PointerText.decode(text) == tokens)
    }

    @Test(arguments: ["a/b", "/a~2", "/a~", "/ok/a~", "/~x/ok"])
    func rejectsInvalidPointers(_ text: String) {
        #expect(PointerText.decode(text) == nil)
        #expect(PointerText.decode(text) == nil, "a text refused once is refused again, not remembered")
    }

    /// A text decoded before comes from the remembered texts: the same tokens, escapes undone.
    @Test func aTextDecodedAgainGivesTheSameTokens() {
        let text = "/pcfAssessmentAndMethodology/0/a~1b/m~0n/\(Int.random(in: 0..<1_000_000))"
        let first = PointerText.decode(text)
        #expect(first?.count == 5)
        #expect(first?[2] == "a/b" && first?[3] == "m~n")
        #expect(PointerText.decode(text) == first)
        #expect(PointerText.decode(text + "x") == first.map { Array($0.dropLast()) + [$0.last! + "x"] })
    }
}
