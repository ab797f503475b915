/// The `format` values the validator asserts (other formats are annotations and always pass).
enum StringFormat: String, Sendable, CaseIterable {
    case dateTime = "date-time"
    case date
    case uuid
    case uri
    case email

    /// What a valid value looks like, for messages.
    var expectation: String {
        switch self {
        case .dateTime: "a date-time (RFC 3339, e.g. 2025-03-31T09:00:00Z)"
        case .date: "a date (RFC 3339 full-date, e.g. 2025-03-31)"
        case .uuid: "a UUID (e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6)"
        case .uri: "an absolute URI (RFC 3986, e.g. https://example.com/x)"
        case .email: "an e-mail address (RFC 5321)"
        }
    }

    /// Whether `text` is valid in this format.
    func accepts(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        switch self {
        case .dateTime: return Self.isDateTime(scalars)
        case .date: return scalars.count == 10 && Self.isDate(scalars[...])
        case .uuid: return Self.isUUID(scalars)
        case .uri: return Self.isURI(scalars)
        case .email: return Self.isEmail(scalars)
        }
    }

    private static func number(_ scalars: ArraySlice<Unicode.Scalar>) -> Int? {
        guard !scalars.isEmpty, scalars.allSatisfy(\.isASCIIDigit) else { return nil }
        return scalars.reduce(0) { $0 * 10 + Int($1.value - 0x30) }
    }

    private static func isDate(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let start = scalars.startIndex
        guard scalars.count == 10, scalars[start + 4] == "-", scalars[start + 7] == "-",
            let year = number(scalars[start..<start + 4]), let month = number(scalars[start + 5..<start + 7]),
            let day = number(scalars[start + 8..<start + 10]), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...lengths[month - 1]).contains(day)
    }

    private static func isDateTime(_ scalars: [Unicode.Scalar]) -> Bool {
        guard scalars.count >= 20, isDate(scalars[0..<10]), scalars[10] == "T" || scalars[10] == "t",
            scalars[13] == ":", scalars[16] == ":",
            let hour = number(scalars[11..<13]), let minute = number(scalars[14..<16]), let second = number(scalars[17..<19]),
            hour <= 23, minute <= 59, second <= 60
        else { return false }
        var index = 19
        if scalars[index] == "." {
            index += 1
            let digitsStart = index
            while index < scalars.count, scalars[index].isASCIIDigit { index += 1 }
            guard index > digitsStart else { return false }
        }
        guard index < scalars.count else { return false }
        var offsetMinutes = 0
        if scalars[index] == "Z" || scalars[index] == "z" {
            guard index + 1 == scalars.count else { return false }
        } else {
            guard scalars[index] == "+" || scalars[index] == "-", scalars.count - index == 6, scalars[index + 3] == ":",
                let offsetHour = number(scalars[index + 1..<index + 3]), let offsetMinute = number(scalars[index + 4..<index + 6]),
                offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (scalars[index] == "+" ? 1 : -1)
        }
        if second == 60 {
            // A leap second exists only at 23:59:60 UTC.
            let utcMinute = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utcMinute == 23 * 60 + 59
        }
        return true
    }

    private static func isUUID(_ scalars: [Unicode.Scalar]) -> Bool {
        guard scalars.count == 36 else { return false }
        for (index, scalar) in scalars.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard scalar == "-" else { return false }
            } else if !scalar.isASCIIHexDigit {
                return false
            }
        }
        return true
    }

    private static let unreserved = Set("-._~".unicodeScalars)
    private static let subDelimiters = Set("!$&'()*+,;=".unicodeScalars)

    private static func isURIText(_ scalars: ArraySlice<Unicode.Scalar>, extra: Set<Unicode.Scalar>) -> Bool {
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "%" {
                guard index + 2 < scalars.endIndex,
                    scalars[index + 1].isASCIIHexDigit, scalars[index + 2].isASCIIHexDigit
                else { return false }
                index += 3
                continue
            }
            guard scalar.isASCIILetter || scalar.isASCIIDigit || unreserved.contains(scalar) || subDelimiters.contains(scalar)
                || extra.contains(scalar)
            else { return false }
            index += 1
        }
        return true
    }

    private static func isURI(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let colon = scalars.firstIndex(of: ":"), colon > 0, scalars[0].isASCIILetter,
            scalars[1..<colon].allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || "+-.".unicodeScalars.contains($0) })
        else { return false }
        var rest = scalars[(colon + 1)...]
        if let hash = rest.firstIndex(of: "#") {
            guard isURIText(rest[(hash + 1)...], extra: Set(":@/?".unicodeScalars)) else { return false }
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            guard isURIText(rest[(question + 1)...], extra: Set(":@/?".unicodeScalars)) else { return false }
            rest = rest[..<question]
        }
        if rest.starts(with: ["/", "/"]) {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            guard isAuthority(afterSlashes[..<end]) else { return false }
            rest = afterSlashes[end...]
        }
        return isURIText(rest, extra: Set(":@/".unicodeScalars))
    }

    private static func isAuthority(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        var hostAndPort = scalars
        if let at = scalars.lastIndex(of: "@") {
            guard isURIText(scalars[..<at], extra: [":"]) else { return false }
            hostAndPort = scalars[(at + 1)...]
        }
        var port: ArraySlice<Unicode.Scalar> = []
        if hostAndPort.first == "[" {
            guard let close = hostAndPort.firstIndex(of: "]"),
                isIPv6Literal(hostAndPort[(hostAndPort.startIndex + 1)..<close])
            else { return false }
            let after = hostAndPort[(close + 1)...]
            if let first = after.first {
                guard first == ":" else { return false }
                port = after.dropFirst()
            }
        } else {
            if let colon = hostAndPort.firstIndex(of: ":") {
                port = hostAndPort[(colon + 1)...]
                hostAndPort = hostAndPort[..<colon]
            }
            guard isURIText(hostAndPort, extra: []) else { return false }
        }
        return port.allSatisfy(\.isASCIIDigit)
    }

    private static func isIPv6Literal(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !scalars.isEmpty, scalars.allSatisfy({ $0.isASCIIHexDigit || $0 == ":" || $0 == "." }) else { return false }
        guard let lastColon = scalars.lastIndex(of: ":") else { return false }
        let tail = scalars[(lastColon + 1)...]
        guard tail.contains(".") else { return true }
        return isIPv4(tail)
    }

    private static func isIPv4(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let parts = scalars.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard let value = number(part), part.count <= 3, part.count == 1 || part.first != "0" else { return false }
            return value <= 255
        }
    }

    private static let atomText = Set("!#$%&'*+/=?^_`{|}~-".unicodeScalars)

    private static func isEmail(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let at = scalars.lastIndex(of: "@"), at > 0, at < scalars.count - 1 else { return false }
        let local = scalars[..<at]
        let domain = scalars[(at + 1)...]
        let localValid: Bool
        if local.first == "\"" {
            localValid = local.count >= 2 && local.last == "\""
        } else {
            localValid = local.first != "." && local.last != "." && !zip(local, local.dropFirst()).contains { $0 == "." && $1 == "." }
                && local.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || atomText.contains($0) || $0 == "." }
        }
        guard localValid else { return false }
        if domain.first == "[" {
            guard domain.last == "]" else { return false }
            let literal = domain.dropFirst().dropLast()
            if literal.starts(with: "IPv6:".unicodeScalars) {
                return literal.dropFirst(5).allSatisfy { $0.isASCIIHexDigit || $0 == ":" }
            }
            return isIPv4(literal)
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" }
        }
    }
}
