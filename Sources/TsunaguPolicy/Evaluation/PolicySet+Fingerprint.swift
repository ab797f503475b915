import Foundation
import TsunaguCore

extension PolicySet {
    /// A hash of every policy that can govern `tenant`'s footprints (those assigned to the tenant
    /// and those assigned to no tenant), by id and content: it changes exactly when a policy that
    /// could decide a release of the tenant's data is added, removed or edited, and not when the
    /// same files are read from another folder (a restart with the rules copied elsewhere).
    ///
    /// An answer prepared now and sent later (a queued callback) records it; when it differs at
    /// sending, the release was decided under rules no longer in force. Worked out when the set is
    /// built: every relayed release records it.
    public func fingerprint(ofTenant tenant: String) -> String {
        releaseBasis.byTenant[tenant]?.fingerprint ?? releaseBasis.shared.fingerprint
    }

    /// Whether a release of `tenant`'s data decided at `decided` may be decided otherwise at
    /// `now` although no policy changed: a policy that can govern the tenant names a point in time
    /// (a `dateTime`, `inForceDate` or `DataUsageEndDate` limit) after `decided` and not after
    /// `now`, so a permission may have run out (or a prohibition begun) in between.
    public func timeLimitPassed(ofTenant tenant: String, between decided: Date, and now: Date) -> Bool {
        let boundaries = releaseBasis.byTenant[tenant]?.boundaries ?? releaseBasis.shared.boundaries
        return boundaries.contains { decided < $0 && $0 <= now }
    }

    /// What a release of one tenant's data rests on: the fingerprint of the policies that can
    /// govern it, and the points in time at which one of them changes its outcome by the clock.
    struct ReleaseBasis: Sendable {
        struct Governing: Sendable {
            let fingerprint: String
            let boundaries: [Date]

            init(_ policies: [PolicyPlan]) {
                fingerprint = ContentHash.fnv1a64(policies.map { "\($0.id)\u{0}\($0.contentHash)" }.sorted().joined(separator: "\u{1}").utf8)
                boundaries = policies.flatMap(\.timeBoundaries)
            }
        }

        /// For a tenant no policy names: the policies assigned to no tenant.
        let shared: Governing
        /// For each tenant a policy names: its own policies and the shared ones.
        let byTenant: [String: Governing]

        init(_ policies: [PolicyPlan]) {
            let unassigned = policies.filter { $0.selector.tenant == nil }
            shared = Governing(unassigned)
            let tenants = Set(policies.compactMap(\.selector.tenant))
            byTenant = Dictionary(uniqueKeysWithValues: tenants.map { tenant in
                (tenant, Governing(unassigned + policies.filter { $0.selector.tenant == tenant }))
            })
        }
    }
}
