/// A Catena-X Business Partner Number of a legal entity: `BPNL` followed by 12 upper-case
/// letters or digits (the form a connector puts in the `Edc-Bpn` header).
/// Internal, so that it never clashes with the adapters' public type of the same name.
struct BusinessPartnerNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The number as written.
    public let text: String

    /// The number in `text`, or `nil` when it is not `BPNL` + 12 upper-case alphanumerics.
    public init?(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 16, text.hasPrefix("BPNL"),
            scalars.dropFirst(4).allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
        else { return nil }
        self.text = text
    }

    public var description: String { text }
}
