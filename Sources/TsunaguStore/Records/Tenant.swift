import Foundation

/// A member company served by the gateway; every footprint, client and policy belongs to one.
public struct Tenant: Sendable, Hashable {
    /// The tenant's unique name (letters, digits, `-`, `_`, `.`).
    public let name: String
    /// When the tenant was added.
    public let created: Date

    /// Creates a tenant record.
    public init(name: String, created: Date) {
        self.name = name
        self.created = created
    }

    /// Whether `name` is acceptable as a tenant name.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }
    }
}
