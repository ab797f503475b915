import Foundation

extension PolicySet {
    /// Whether a release of `tenant`'s data decided at `decided` may be decided otherwise at
    /// `now` although no policy changed: a policy that can govern the tenant names a point in time
    /// (a `dateTime`, `inForceDate` or `DataUsageEndDate` limit) after `decided` and not after
    /// `now`, so a permission may have run out (or a prohibition begun) in between.
    public func timeLimitPassed(ofTenant tenant: String, between decided: Date, and now: Date) -> Bool {
        for policy in policies where policy.selector.tenant == nil || policy.selector.tenant == tenant {
            for boundary in policy.timeBoundaries where decided < boundary && boundary <= now { return true }
        }
        return false
    }
}

extension PolicyPlan {
    /// The points in time at which a constraint of the policy changes its outcome by the clock
    /// alone: its absolute dates, and the end of each whole day it names.
    var timeBoundaries: [Date] {
        var constraints = permissions.compactMap(\.constraint) + prohibitions.compactMap(\.constraint)
        constraints += permissions.flatMap { $0.duties.compactMap(\.constraint) } + obligations.compactMap(\.constraint)
        return constraints.flatMap(\.atoms).flatMap { atom -> [Date] in
            guard [.dateTime, .inForceDate, .dataUsageEndDate].contains(atom.operand), let date = atom.date else { return [] }
            return atom.wholeDay ? [date, date.addingTimeInterval(86_400)] : [date]
        }
    }
}
