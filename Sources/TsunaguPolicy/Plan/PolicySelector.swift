/// Which footprints a policy governs, from the policy file's `assignTo` member.
///
/// Specificity, highest first: product id (4) + classification (2) + tenant (1). A selector naming
/// product ids beats one naming only classifications, which beats one naming only a tenant,
/// which beats a policy with no selector (a default for every footprint). At equal level,
/// naming the tenant is more specific. Policies tied at the highest specificity all apply:
/// the release needs a permit from each, and their obligations add up.
struct PolicySelector: Sendable, Hashable {
    var tenant: String?
    var productIDs: Set<String> = []
    var classifications: Set<String> = []

    /// The specificity as a number: product ids 4, classifications 2, tenant 1.
    var specificity: Int {
        (productIDs.isEmpty ? 0 : 4) + (classifications.isEmpty ? 0 : 2) + (tenant == nil ? 0 : 1)
    }

    /// Whether the selector picks this footprint.
    func matches(_ footprint: FootprintFacts) -> Bool {
        if let tenant, tenant != footprint.tenant { return false }
        if !productIDs.isEmpty, !footprint.productIDs.contains(where: productIDs.contains) { return false }
        if !classifications.isEmpty, !footprint.classifications.contains(where: classifications.contains) { return false }
        return true
    }
}
