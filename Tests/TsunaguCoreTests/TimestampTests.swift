import Foundation
import Testing

@testable import TsunaguCore

@Suite struct TimestampTests {
    @Test func parsesTheFormsPartnersSend() throws {
        let reference = try #require(Timestamp.parse("2025-04-01T00:00:00Z"))
        #expect(reference.timeIntervalSince1970 == 1_743_465_600)
        #expect(Timestamp.parse("2025-04-01T00:00Z") == reference)
        #expect(Timestamp.parse("2025-04-01") == reference)
        #expect(Timestamp.parse("2025-04-01T09:00:00+09:00") == reference)
        #expect(Timestamp.parse("2025-03-31T19:30:00-04:30") == reference)
        #expect(Timestamp.parse("2025-04-01t00:00:00z") == reference)
        #expect(Timestamp.parse("2025-04-01T00:00:00.500Z") == reference.addingTimeInterval(0.5))
        #expect(Timestamp.format(reference) == "2025-04-01T00:00:00Z")
    }

    @Test(arguments: [
        "", "2025-13-01", "2025-04-01T25:00Z", "2025-04-01T00:00", "yesterday", "2025-04-01T00:00:00Zjunk",
        "2025-02-29", "2023-04-31", "2025-04-01T00:00:00.Z", "2025-04-01T00:00:00+0900", "2025-04-01T00:00:00+24:00",
    ])
    func rejectsWhatIsNotATimeStamp(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func acceptsLeapDaysOnlyInLeapYears() {
        #expect(Timestamp.parse("2024-02-29") != nil)
        #expect(Timestamp.parse("2000-02-29") != nil)
        #expect(Timestamp.parse("1900-02-29") == nil)
        #expect(Timestamp.parse("2100-02-29") == nil)
    }

    /// Foundation's Gregorian calendar is the oracle: every 7th day over four centuries, before and
    /// after 1970, must name the same instant and format back to the same text.
    @Test func agreesWithTheGregorianCalendarAcrossCenturies() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let start = try #require(calendar.date(from: DateComponents(year: 1800, month: 1, day: 1, hour: 13, minute: 7, second: 9)))
        for step in stride(from: 0, to: 146_097, by: 7) {
            let instant = start.addingTimeInterval(Double(step) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day], from: instant)
            let text = String(format: "%04d-%02d-%02dT13:07:09Z", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            #expect(Timestamp.parse(text) == instant, "\(text)")
            #expect(Timestamp.format(instant) == text)
        }
    }

    @Test func formatsInstantsBeforeTheEpochAndDropsFractions() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.25)) == "1969-12-31T23:59:59Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 86_399.75)) == "1970-01-01T23:59:59Z")
    }
}

@Suite struct TimestampFormatTests {
    /// What Foundation's RFC 3339 formatter writes for `date`.
    func foundation(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    @Test(arguments: [
        0, 1_795_942_378.999, 951_782_400, 951_868_799.5, 1_709_164_800, 4_107_542_399, -1, -86_400.25, -2_208_988_800, 253_402_300_799,
    ] as [TimeInterval])
    func formatsAsFoundationDoes(_ seconds: TimeInterval) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Timestamp.format(date) == foundation(date))
    }

    @Test func formatsTheDaysOfSeveralYearsAsFoundationDoes() {
        for day in stride(from: -800, to: 800, by: 7) {
            let date = Date(timeIntervalSince1970: 1_700_000_000 + Double(day) * 86_400 + 3_723)
            #expect(Timestamp.format(date) == foundation(date))
        }
    }
}
