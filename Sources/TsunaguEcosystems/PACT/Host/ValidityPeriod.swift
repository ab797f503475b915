import Foundation
import TsunaguCore

/// The period in which a footprint may be used, with PACT's defaults: it starts at
/// `validityPeriodStart`, else at the end of the reference period, and ends at
/// `validityPeriodEnd`, else three years after the end of the reference period.
struct ValidityPeriod {
    let start: Date?
    let end: Date?

    init(of footprint: ProductFootprint) {
        let referenceEnd = footprint.referencePeriodEnd.flatMap(Timestamp.parse)
        start = footprint.validityPeriodStart.flatMap(Timestamp.parse) ?? referenceEnd
        end = footprint.validityPeriodEnd.flatMap(Timestamp.parse)
            ?? referenceEnd.flatMap { Calendar(identifier: .gregorian).date(byAdding: .year, value: 3, to: $0) }
    }

    func contains(_ instant: Date) -> Bool {
        guard let start, let end else { return false }
        return start <= instant && instant <= end
    }
}
