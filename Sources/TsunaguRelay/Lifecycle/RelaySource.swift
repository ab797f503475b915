/// Where the footprint for a relay request comes from.
public enum RelaySource: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The tenant's own footprint store.
    case tenantStore
    /// An upstream partner of the tenant, by name.
    case partner(String)

    public var description: String {
        switch self {
        case .tenantStore: "the tenant's store"
        case .partner(let name): "partner '\(name)'"
        }
    }
}
