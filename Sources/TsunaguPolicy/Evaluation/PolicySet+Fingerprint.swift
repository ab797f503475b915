import TsunaguCore

extension PolicySet {
    /// A hash of every policy that can govern `tenant`'s footprints (those assigned to the tenant
    /// and those assigned to no tenant), by id and content: it changes exactly when a policy that
    /// could decide a release of the tenant's data is added, removed or edited, and not when the
    /// same files are read from another folder (a restart with the rules copied elsewhere).
    ///
    /// An answer prepared now and sent later (a queued callback) records it; when it differs at
    /// sending, the release was decided under rules no longer in force.
    public func fingerprint(ofTenant tenant: String) -> String {
        let governing = policies.filter { $0.selector.tenant == nil || $0.selector.tenant == tenant }
            .map { "\($0.id)\u{0}\($0.contentHash)" }
            .sorted()
        return ContentHash.fnv1a64(governing.joined(separator: "\u{1}").utf8)
    }
}
