import Foundation

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
