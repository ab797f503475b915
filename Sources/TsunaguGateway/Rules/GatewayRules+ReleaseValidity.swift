import Foundation
import TsunaguPolicy

extension GatewayRules {
    /// Whether a release of `tenant`'s footprints decided at `decided`, under the policies of
    /// `fingerprint` (`PolicySet.fingerprint(ofTenant:)`), still holds now: the tenant's policies
    /// in force are those, and none of their time limits passed since. An answer sent later, or a
    /// value read later, is released on the earlier decision only then.
    public func releaseStillHolds(ofTenant tenant: String, fingerprint: String, decided: Date, now: Date = Date()) -> Bool {
        let policies = snapshot.policies
        return policies.fingerprint(ofTenant: tenant) == fingerprint && !policies.timeLimitPassed(ofTenant: tenant, between: decided, and: now)
    }
}
