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
    }

    /// The start of a token's UTF-8 storage (shared storage means one string).
    static func storage(_ token: String) -> UnsafePointer<UInt8>? {
        token.utf8.withContiguousStorageIfAvailable { $0.baseAddress } ?? nil
    }

    @Test func aPoolGivesTheSameTokensAndSharesLongOnes() throws {
        var pool = TokenPool()
        let texts = [
            "/pcfAssessmentAndMethodology/0/pcfAssessmentInformation/0/id", "/pcfAssessmentAndMethodology/0/pcfAssessmentInformationX",
            "/pcfAssessmentAndMethodology/1/pcfAssessmentInformation/~1escaped~0token~1here", "/short/0/日本語の長いトークンです",
            "/日本語の長いトークンです",
        ]
        var decoded: [[String]] = []
        for text in texts {
            let tokens = try #require(PointerText.decode(text, pool: &pool))
            #expect(tokens == PointerText.decode(text), "\(text)")
            decoded.append(tokens)
        }
        #expect(Self.storage(decoded[0][0]) == Self.storage(decoded[1][0]))
        #expect(Self.storage(decoded[0][0]) == Self.storage(decoded[2][0]))
        #expect(Self.storage(decoded[0][2]) == Self.storage(decoded[2][2]))
        #expect(decoded[2][3] == "/escaped~token/here")
        #expect(Self.storage(decoded[3][2]) == Self.storage(decoded[4][0]))
        #expect(decoded[1][2] == "pcfAssessmentInformationX")
        // Beyond the pool's room, tokens are still decoded exactly.
        for number in 0..<100 {
            let token = "a-long-token-number-\(number)"
            #expect(PointerText.decode("/\(token)/x", pool: &pool) == [token, "x"])
        }
        #expect(PointerText.decode("/pcfAssessmentAndMethodology/ok", pool: &pool) == ["pcfAssessmentAndMethodology", "ok"])
    }
}
