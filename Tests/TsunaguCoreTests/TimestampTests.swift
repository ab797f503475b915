import Foundation
import Testing
import TsunaguCore

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
