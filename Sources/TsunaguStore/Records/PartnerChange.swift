/// What applying a partner file did to one partner of the tenant.
public enum PartnerChange: Sendable, Equatable {
    /// The file declared a partner the tenant did not have.
    case added(String)
    /// The file declared a partner the tenant had: its registration is the file's now.
    case updated(String)
    /// The tenant's partner the file does not declare, removed when pruning.
    case removed(String)
}
