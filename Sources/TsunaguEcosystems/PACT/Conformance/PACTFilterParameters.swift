import Foundation
import TsunaguCore

/// The v3 filter values the conformance cases 20-29 take from the host's first footprint, as
/// the official tool does: its first product, company and classification id, its country (or
/// region or subdivision), its validity start (or reference period end) as `validOn`, one day
/// before that as `validAfter`, one day after its validity end as `validBefore`, and its status.
struct PACTFilterParameters: Sendable {
    /// Why the values could not be taken.
    struct Problem: Error, Sendable {
        let message: String
    }

    let id: String
    let productID: String
    let productIDs: [String]
    let companyID: String
    let geography: String
    let classification: String
    let validOn: String
    let validAfter: String
    let validBefore: String
    let status: String

    init(footprint: JSONValue) throws(Problem) {
        guard let id = footprint["id"]?.stringValue else { throw Problem(message: "the first footprint has no id") }
        let productIDs = (footprint["productIds"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard let productID = productIDs.first else { throw Problem(message: "the first footprint has no productIds") }
        guard let companyID = footprint["companyIds"]?[0]?.stringValue else { throw Problem(message: "the first footprint has no companyIds") }
        guard let status = footprint["status"]?.stringValue else { throw Problem(message: "the first footprint has no status") }
        guard let validity = Self.validity(of: footprint), let start = validity.start, let end = validity.end else {
            throw Problem(message: "the first footprint has neither a validity period nor pcf.referencePeriodEnd")
        }
        self.id = id
        self.productID = productID
        self.productIDs = productIDs
        self.companyID = companyID
        self.status = status
        let pcf = footprint["pcf"]
        geography = pcf?["geographyCountry"]?.stringValue ?? pcf?["geographyRegionOrSubregion"]?.stringValue
            ?? pcf?["geographyCountrySubdivision"]?.stringValue ?? ""
        classification = footprint["productClassifications"]?[0]?.stringValue ?? ""
        validOn = validity.startText ?? Timestamp.format(start)
        validAfter = Timestamp.format(start.addingTimeInterval(-86_400))
        validBefore = Timestamp.format(end.addingTimeInterval(86_400))
    }

    /// A footprint's validity period with PACT's default: from the reference period end for three years.
    static func validity(of footprint: JSONValue) -> (start: Date?, end: Date?, startText: String?)? {
        let referenceEnd = footprint["pcf"]?["referencePeriodEnd"]?.stringValue
        if let startText = footprint["validityPeriodStart"]?.stringValue, let start = Timestamp.parse(startText),
            let end = footprint["validityPeriodEnd"]?.stringValue.flatMap(Timestamp.parse)
        {
            return (start, end, startText)
        }
        guard let referenceEnd, let start = Timestamp.parse(referenceEnd) else { return nil }
        let end = Calendar(identifier: .gregorian).date(byAdding: .year, value: 3, to: start)
        return (start, end, referenceEnd)
    }

    /// Whether `footprint` lists `value` in the array member `name` (case-insensitive, as v3 matches).
    static func contains(_ footprint: JSONValue, _ name: String, _ value: String) -> Bool {
        (footprint[name]?.arrayValue ?? []).contains { $0.stringValue?.lowercased() == value.lowercased() }
    }

    /// Whether `footprint`'s country, region or subdivision is `value`.
    static func isIn(_ footprint: JSONValue, geography value: String) -> Bool {
        let pcf = footprint["pcf"]
        return ["geographyCountry", "geographyRegionOrSubregion", "geographyCountrySubdivision"].contains {
            pcf?[$0]?.stringValue?.lowercased() == value.lowercased()
        }
    }
}
