import Testing
@testable import TsunaguCore

@Suite struct CorporateNumberTests {
    @Test func acceptsNumbersWithACorrectCheckDigit() throws {
        // National Tax Agency's published example: 法人番号 7000012050002 (国税庁).
        #expect(CorporateNumber("7000012050002") != nil)
        let body = "010001008844"
        let check = try #require(CorporateNumber.checkDigit(forBody: body))
        #expect(CorporateNumber("\(check)\(body)") != nil)
    }

    @Test(arguments: ["1000012050002", "700001205000", "70000120500021", "70000120500a2", ""])
    func refusesEverythingElse(text: String) {
        #expect(CorporateNumber(text) == nil)
    }
}
