import TsunaguCore

/// The line each value of a JSON text starts on, by JSON Pointer, so diagnostics about a policy
/// file can name a line. Built only for text that ``JSONParser`` has accepted.
struct JSONLineIndex: Sendable {
    private var lines: [JSONPointer: Int] = [:]

    init(text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        scanner.value(at: .root, into: &lines)
    }

    /// The 1-based line of the value at `pointer`, when known.
    func line(of pointer: JSONPointer) -> Int? { lines[pointer] }

    private struct Scanner {
        let bytes: [UInt8]
        var offset = 0
        var line = 1

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while offset < bytes.count {
                switch bytes[offset] {
                case UInt8(ascii: "\n"): line += 1
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
                default: return
                }
                offset += 1
            }
        }

        mutating func string() -> String {
            var collected: [UInt8] = []
            offset += 1
            while offset < bytes.count, bytes[offset] != UInt8(ascii: "\"") {
                if bytes[offset] == UInt8(ascii: "\\") {
                    collected.append(bytes[offset])
                    offset += 1
                }
                if offset < bytes.count { collected.append(bytes[offset]) }
                offset += 1
            }
            offset += 1
            // Keys with escapes are rare in policies; their raw text is good enough to place a line.
            return String(decoding: collected, as: UTF8.self)
        }

        mutating func value(at pointer: JSONPointer, into lines: inout [JSONPointer: Int]) {
            skipSpace()
            guard offset < bytes.count else { return }
            lines[pointer] = line
            switch bytes[offset] {
            case UInt8(ascii: "{"):
                offset += 1
                while true {
                    skipSpace()
                    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { break }
                    let key = string()
                    skipSpace()
                    offset += 1
                    value(at: pointer.appending(key), into: &lines)
                    skipSpace()
                    guard offset < bytes.count, bytes[offset] == UInt8(ascii: ",") else { break }
                    offset += 1
                }
                offset += 1
            case UInt8(ascii: "["):
                offset += 1
                var index = 0
                skipSpace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                    offset += 1
                    return
                }
                while offset < bytes.count {
                    value(at: pointer.appending(index), into: &lines)
                    index += 1
                    skipSpace()
                    guard offset < bytes.count, bytes[offset] == UInt8(ascii: ",") else { break }
                    offset += 1
                }
                offset += 1
            case UInt8(ascii: "\""):
                _ = string()
            default:
                while offset < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " "),
                    UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t")].contains(bytes[offset]) {
                    offset += 1
                }
            }
        }
    }
}
