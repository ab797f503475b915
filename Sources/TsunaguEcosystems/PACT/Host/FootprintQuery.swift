import Foundation
import TsunaguCore

/// The footprint filters of PACT v3 (`ListFootprints` query parameters and `RequestCreated` data):
/// values of one criterion are alternatives (OR), different criteria must all hold (AND).
public struct FootprintQuery: Sendable, Hashable {
    /// Product ids, any of which must be among the footprint's `productIds`.
    public var productIDs: [String] = []
    /// Company ids, any of which must be among the footprint's `companyIds`.
    public var companyIDs: [String] = []
    /// Geography codes (country, subdivision, region or subregion), any of which must be the
    /// footprint's.
    ///
    /// The v3 parameter says it "will return all footprints within the specified geography(s)",
    /// but the PACT conformance tool, the judge of conformance, fails a host that lists a
    /// footprint of `JP-23` for `geography=JP`: a value matches the footprint's own geography
    /// fields exactly (ignoring case).
    public var geographies: [String] = []
    /// Classifications, any of which must be among the footprint's `productClassifications`.
    public var classifications: [String] = []
    /// The footprint must be valid at this instant.
    public var validOn: Date?
    /// The footprint's validity must start after this instant.
    public var validAfter: Date?
    /// The footprint's validity must end before this instant.
    public var validBefore: Date?
    /// Statuses, any of which the footprint must have.
    public var statuses: [String] = []

    /// A query that matches everything.
    public init() {}

    /// Whether no criterion is set.
    public var isEmpty: Bool { self == FootprintQuery() }

    /// Whether `footprint` satisfies every criterion.
    ///
    /// Ids, classifications, geographies and statuses are compared ignoring case, as the PACT v3
    /// query parameters require ("the match must be case-insensitive"): the whole value, not
    /// only a URN's `urn:` scheme and namespace id.
    public func matches(_ footprint: ProductFootprint) -> Bool {
        if !productIDs.isEmpty, !Self.anyEqualIgnoringCase(productIDs, footprint.productIDs) { return false }
        if !companyIDs.isEmpty, !Self.anyEqualIgnoringCase(companyIDs, footprint.companyIDs) { return false }
        if !classifications.isEmpty, !Self.anyEqualIgnoringCase(classifications, footprint.classifications) { return false }
        if !statuses.isEmpty, !Self.anyEqualIgnoringCase(statuses, [footprint.status.rawValue]) { return false }
        if !geographies.isEmpty, !Self.anyEqualIgnoringCase(geographies, footprint.geographies) { return false }
        if validOn != nil || validAfter != nil || validBefore != nil {
            let validity = ValidityPeriod(of: footprint)
            if let validOn, !validity.contains(validOn) { return false }
            if let validAfter {
                guard let start = validity.start, start > validAfter else { return false }
            }
            if let validBefore {
                guard let end = validity.end, end < validBefore else { return false }
            }
        }
        return true
    }

    /// Whether any of `wanted` equals any of `own` when case is ignored.
    static func anyEqualIgnoringCase(_ wanted: [String], _ own: [String]) -> Bool {
        guard !own.isEmpty else { return false }
        let folded = own.map { $0.lowercased() }
        return wanted.contains { folded.contains($0.lowercased()) }
    }

    /// Reads the query from URL query items (names case-insensitive; a leading `$` is tolerated
    /// as some test clients send it). `$filter` is refused: v3 replaced OData filters.
    /// - Throws: ``PACTError/badRequest(_:)`` naming the parameter and what is wrong with it.
    public static func parse(queryItems: [(name: String, value: String)]) throws(PACTError) -> FootprintQuery {
        var query = FootprintQuery()
        for (rawName, value) in queryItems {
            let name = rawName.lowercased()
            if name == "$filter" {
                throw PACTError.badRequest("$filter is not supported in PACT v3: use the query parameters productId, companyId, geography, classification, validOn, validAfter, validBefore and status")
            }
            let criterion = name.hasPrefix("$") ? String(name.dropFirst()) : name
            // Form encoding (Python's urlencode, Java's URLEncoder) sends a space as '+', which
            // no geography holds: `geography=Western+Europe` is the subregion.
            let read = criterion == "geography" ? value.replacing("+", with: " ") : value
            try query.add(criterion: criterion, value: read, parameterName: rawName)
        }
        try query.checkSize()
        return query
    }

    /// The most values one request may give for its criteria together: each footprint is
    /// compared with every value, so a request naming hundreds of thousands would cost minutes.
    public static let maximumValues = 1000

    private func checkSize() throws(PACTError) {
        let count = productIDs.count + companyIDs.count + geographies.count + classifications.count + statuses.count
        guard count <= Self.maximumValues else {
            throw PACTError.badRequest("the request names \(count) criterion values; give at most \(Self.maximumValues) (split the request)")
        }
    }

    /// Reads the query from the `data` of a v3 `RequestCreated` event (also accepting the v2 form
    /// `pf.productIds` and `pf.companyIds`). Members that are not criteria are ignored, but the
    /// request must name at least one criterion: PACT requires the data recipient to provide them,
    /// and a request without any would otherwise be answered with every footprint.
    /// - Throws: ``PACTError/badRequest(_:)`` naming the member that is wrong.
    public static func parse(requestData data: JSONValue) throws(PACTError) -> FootprintQuery {
        var query = FootprintQuery()
        guard case .object(let members) = data else { throw PACTError.badRequest("event 'data' must be an object") }
        for (name, value) in members where name != "comment" && name != "pf" {
            let values: [JSONValue] = value.arrayValue ?? [value]
            for element in values {
                guard let text = element.stringValue else {
                    throw PACTError.badRequest("data.\(name) must hold strings, found \(element.typeName)")
                }
                try query.add(criterion: name.lowercased(), value: text, parameterName: "data.\(name)", ignoreUnknown: true)
            }
        }
        if let fragment = members["pf"] {
            guard case .object = fragment else { throw PACTError.badRequest("data.pf must be an object (a product footprint fragment), found \(fragment.typeName)") }
            query.productIDs += try strings(fragment["productIds"], at: "data.pf.productIds")
            query.companyIDs += try strings(fragment["companyIds"], at: "data.pf.companyIds")
        }
        try query.checkSize()
        guard !query.isEmpty else {
            let ignored = members.keys.filter { $0 != "comment" }.sorted().map { "data.\($0)" }
            throw PACTError.badRequest(
                "the request names no criterion: give at least one of data.productId, data.companyId, data.geography, data.classification, data.validOn, data.validAfter, data.validBefore, data.status (PACT v2: data.pf.productIds or data.pf.companyIds)"
                    + (ignored.isEmpty ? "" : "; not criteria: \(ignored.joined(separator: ", "))"))
        }
        return query
    }

    /// The strings of an array member of a `pf` fragment (none when it is absent).
    private static func strings(_ value: JSONValue?, at name: String) throws(PACTError) -> [String] {
        guard let value else { return [] }
        guard case .array(let elements) = value else { throw PACTError.badRequest("\(name) must be an array of strings, found \(value.typeName)") }
        var texts: [String] = []
        for element in elements {
            guard let text = element.stringValue else { throw PACTError.badRequest("\(name) must hold strings, found \(element.typeName)") }
            texts.append(text)
        }
        return texts
    }

    private mutating func add(criterion: String, value: String, parameterName: String, ignoreUnknown: Bool = false) throws(PACTError) {
        func instant() throws(PACTError) -> Date {
            guard let date = Timestamp.parse(value) else {
                throw PACTError.badRequest("\(parameterName) must be an RFC 3339 date-time such as 2025-04-01T00:00:00Z, found '\(value)'")
            }
            return date
        }
        switch criterion {
        case "productid": productIDs.append(value)
        case "companyid": companyIDs.append(value)
        case "geography": geographies.append(value)
        case "classification": classifications.append(value)
        case "status":
            // Another value than Active or Deprecated matches nothing: the official conformance
            // case 37 expects an empty list for it, not an error.
            statuses.append(value)
        case "validon": validOn = try instant()
        case "validafter": validAfter = try instant()
        case "validbefore": validBefore = try instant()
        case "limit", "offset", "after": break
        default:
            guard ignoreUnknown || criterion.hasPrefix("x-") else {
                throw PACTError.badRequest("unknown query parameter '\(parameterName)': PACT v3 filters are productId, companyId, geography, classification, validOn, validAfter, validBefore and status")
            }
        }
    }
}
