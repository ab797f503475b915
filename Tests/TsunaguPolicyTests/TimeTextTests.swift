import Foundation
import Testing
@testable import TsunaguPolicy

@Suite struct TimeTextTests {
    @Test func readsRFC3339AndPlainDates() throws {
        let base = try #require(TimeText.parse("2026-01-01T00:00:00Z"))
        #expect(TimeText.parse("2026-01-01") == base)
        #expect(TimeText.parse("2026-01-01T09:00:00+09:00") == base)
        #expect(TimeText.parse("2026-01-01T00:00:00.500Z") == base.addingTimeInterval(0.5))
        #expect(TimeText.parse("soon") == nil)
        #expect(TimeText.format(base) == "2026-01-01T00:00:00Z")
    }

    @Test func readsContractRelativeOffsets() {
        #expect(TimeText.secondsAfterContractAgreement("contractAgreement+30d") == 2_592_000.0)
        #expect(TimeText.secondsAfterContractAgreement("contractAgreement-2h") == -7_200.0)
        #expect(TimeText.secondsAfterContractAgreement("contractAgreement") == 0)
        #expect(TimeText.secondsAfterContractAgreement("contractAgreement+3w") == nil)
        #expect(TimeText.secondsAfterContractAgreement("2026-01-01") == nil)
    }
}

@Suite struct TimeTextShortFormTests {
    @Test func readsTimesWithoutSeconds() {
        #expect(TimeText.parse("2023-12-31T06:00Z") == TimeText.parse("2023-12-31T06:00:00Z"))
        #expect(TimeText.parse("2023-12-31T06:00+01:00") == TimeText.parse("2023-12-31T05:00:00Z"))
    }
}
