import Foundation

/// RFC 3339 time stamps as the PACT API writes them, parsed leniently enough for real partners:
/// seconds and fractions optional (`2025-04-01T00:00Z`), `Z` or a numeric offset, or a date alone
/// (`2025-04-01`, taken as midnight UTC).
///
/// Parsing and formatting are plain proleptic-Gregorian arithmetic on UTC, so they never load
/// calendars, time zones or ICU data: a gateway that only reads and writes time stamps keeps
/// that code and data out of its memory.
public enum Timestamp {
    /// The instant `text` names, or `nil` when it is not an RFC 3339 date-time or date.
    public static func parse(_ text: String) -> Date? {
        var reader = TimestampReader(text)
        return reader.instant()
    }

    /// `date` written as RFC 3339 in UTC with seconds (`2026-11-29T03:46:00Z`); fractions of a
    /// second are dropped.
    public static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = CivilDate.split(secondsSinceEpoch: seconds)
        let (year, month, day) = CivilDate.fromDaysSinceEpoch(days)
        let (hour, minute, second) = (secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))T\(padded(hour, 2)):\(padded(minute, 2)):\(padded(second, 2))Z"
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// Reads one RFC 3339 date-time or date from the bytes of a string.
private struct TimestampReader {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func instant() -> Date? {
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let midnight = Double(CivilDate.daysSinceEpoch(year: year, month: month, day: day)) * 86_400
        if index == bytes.count { return Date(timeIntervalSince1970: midnight) }
        guard expect("T") || expect("t") || expect(" ") else { return nil }
        guard let hour = number(2), expect(":"), let minute = number(2), hour < 24, minute < 60 else { return nil }
        var seconds = 0.0
        if expect(":") {
            guard let whole = number(2), whole <= 60 else { return nil }
            seconds = Double(whole)
            if expect(".") {
                guard let fraction = fraction() else { return nil }
                seconds += fraction
            }
        }
        guard let offset = offsetSeconds(), index == bytes.count else { return nil }
        return Date(timeIntervalSince1970: midnight + Double(hour * 3600 + minute * 60 - offset) + seconds)
    }

    private mutating func offsetSeconds() -> Int? {
        if expect("Z") || expect("z") { return 0 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return nil }
        let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
        index += 1
        guard let hours = number(2), expect(":"), let minutes = number(2), hours < 24, minutes < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    private mutating func fraction() -> Double? {
        var value = 0.0
        var scale = 0.1
        var digits = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            value += Double(bytes[index] - 0x30) * scale
            scale /= 10
            index += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    private mutating func number(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<(index + count)] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        index += count
        return value
    }

    private mutating func expect(_ character: Character) -> Bool {
        guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
        index += 1
        return true
    }
}
