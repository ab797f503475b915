import Foundation
import TsunaguCore

/// Reads the date-times policies and requests are written with: RFC 3339 (`2027-12-15T12:00:00Z`,
/// with or without fractional seconds or an offset) or a plain date (`2027-12-15`, midnight UTC).
enum TimeText {
    /// The instant `text` names (seconds may be left out: `2023-12-31T06:00Z`, as the Dataspace
    /// Protocol examples write it), or `nil`.
    static func parse(_ text: String) -> Date? {
        Timestamp.parse(text)
    }

    /// Whether `text` is a date without a time (`2026-12-31`): it names the whole day, in UTC.
    static func isDay(_ text: String) -> Bool {
        text.utf8.count == 10 && parse(text) != nil
    }

    /// RFC 3339 in UTC, for decisions and diagnostics.
    static func format(_ date: Date) -> String {
        Timestamp.format(date)
    }

    /// Reads the EDC's contract-relative form `contractAgreement+30d` (units s, m, h, d; `+` or `-`)
    /// into seconds after contract start; `nil` when `text` is not in that form.
    static func secondsAfterContractAgreement(_ text: String) -> Double? {
        guard text.hasPrefix("contractAgreement") else { return nil }
        let rest = text.dropFirst("contractAgreement".count)
        if rest.isEmpty { return 0 }
        guard let sign = rest.first, sign == "+" || sign == "-", let unit = rest.last else { return nil }
        guard let amount = Int(rest.dropFirst().dropLast()), amount >= 0 else { return nil }
        let unitSeconds: Double
        switch unit {
        case "s": unitSeconds = 1
        case "m": unitSeconds = 60
        case "h": unitSeconds = 3600
        case "d": unitSeconds = 86400
        default: return nil
        }
        return (sign == "-" ? -1 : 1) * Double(amount) * unitSeconds
    }
}
