import HTTPTypes

extension HTTPField.Name {
    /// `Link` (RFC 8288), used for pagination.
    public static var link: HTTPField.Name { HTTPField.Name("Link") ?? .contentLocation }
}
