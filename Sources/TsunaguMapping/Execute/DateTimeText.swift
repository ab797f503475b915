import TsunaguCore

/// RFC 3339 date-times and dates, parsed and rewritten in UTC without Foundation's calendars, so
/// the conversion is exact and the same on every platform.
struct DateTimeText {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    /// The fraction digits as written, without the point.
    var fraction = ""
    /// Whether the text had a time part.
    var hasTime = false

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, normalised to UTC.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), bytes.count >= 10, bytes[4] == 45, let month = number(5..<7), bytes[7] == 45,
            let day = number(8..<10), (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        if bytes.count == 10 { return }
        guard bytes.count >= 20, bytes[10] == 84 || bytes[10] == 116, let hour = number(11..<13), bytes[13] == 58,
            let minute = number(14..<16), bytes[16] == 58, let second = number(17..<19), hour < 24, minute < 60, second < 61
        else { return nil }
        hasTime = true
        self.hour = hour
        self.minute = minute
        self.second = second
        var position = 19
        if bytes[position] == 46 {
            position += 1
            let start = position
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 { position += 1 }
            guard position > start else { return nil }
            fraction = String(decoding: bytes[start..<position], as: UTF8.self)
        }
        guard position < bytes.count else { return nil }
        var offsetMinutes = 0
        switch bytes[position] {
        case 90, 122:
            guard position + 1 == bytes.count else { return nil }
        case 43, 45:
            guard position + 6 == bytes.count, let hours = number(position + 1..<position + 3), bytes[position + 3] == 58,
                let minutes = number(position + 4..<position + 6)
            else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (bytes[position] == 43 ? 1 : -1)
        default:
            return nil
        }
        if offsetMinutes != 0 { shift(minutes: -offsetMinutes) }
    }

    private mutating func shift(minutes: Int) {
        var total = CivilDate.daysSinceEpoch(year: year, month: month, day: day) * 1440 + hour * 60 + minute + minutes
        let days = total >= 0 ? total / 1440 : -((-total + 1439) / 1440)
        total -= days * 1440
        (year, month, day) = CivilDate.fromDaysSinceEpoch(days)
        hour = total / 60
        minute = total % 60
    }

    /// The text in `format`.
    func formatted(_ format: DateTimeFormat) -> String {
        let date = "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
        let time = "\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))"
        switch format {
        case .date: return date
        case .startOfDay: return "\(date)T00:00:00Z"
        case .utc: return "\(date)T\(time)" + (fraction.isEmpty ? "" : ".\(fraction)") + "Z"
        case .utcMillis:
            let millis = String((fraction + "000").prefix(3))
            return "\(date)T\(time).\(millis)Z"
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
