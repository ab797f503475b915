/// The routing rules of one tenant: for a product query, where its footprint comes from —
/// the tenant's own store or an upstream partner — by the most specific matching rule.
public struct RoutingRules: Sendable, Hashable {
    /// The rules, most specific first (stable for equally specific rules).
    public let rules: [RoutingRule]
    /// Where a request no rule matches goes; `nil` means it is refused as not found.
    public let fallback: RelaySource?

    /// Creates rules; they are ordered most specific first.
    public init(rules: [RoutingRule], fallback: RelaySource? = .tenantStore) {
        self.rules = rules.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.specificity, rhs.element.specificity)
            if left.criteria != right.criteria { return left.criteria > right.criteria }
            if left.prefixLength != right.prefixLength { return left.prefixLength > right.prefixLength }
            return lhs.offset < rhs.offset
        }.map(\.element)
        self.fallback = fallback
    }

    /// Where the footprint for `query` comes from, and which rule decided (`nil` for the fallback);
    /// `nil` when no rule matches and there is no fallback.
    public func route(_ query: ProductQuery) -> (source: RelaySource, rule: RoutingRule?)? {
        if let rule = rules.first(where: { $0.matches(query) }) { return (rule.source, rule) }
        return fallback.map { ($0, nil) }
    }

    /// The partner names the rules send requests to, to check against the partner registry.
    public var partnerNames: Set<String> {
        var names = Set(rules.compactMap { rule -> String? in
            if case .partner(let name) = rule.source { return name }
            return nil
        })
        if case .partner(let name) = fallback { names.insert(name) }
        return names
    }
}
