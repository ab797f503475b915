/// A Catena-X Business Partner Number of a legal entity (BPNL): `BPNL` followed by twelve
/// upper-case letters or digits, as the connector sets it in the `Edc-Bpn` header.
public struct BusinessPartnerNumber: Sendable, Hashable, CustomStringConvertible {
    /// The sixteen characters.
    public let value: String

    /// Checks `text`; `nil` unless it is `BPNL` and twelve characters from `A-Z0-9`.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, text.hasPrefix("BPNL"),
            bytes.dropFirst(4).allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) })
        else { return nil }
        value = text
    }

    public var description: String { value }
}
