import TsunaguCore

/// What to ask a PACT host for: v3's query filters (repeated values of one criterion are OR,
/// different criteria AND), or v2's OData `$filter` text.
///
/// The same criteria are the `data` of a v3 `RequestCreated` event.
public struct PACTFootprintQuery: Sendable, Hashable {
    /// v3 `productId`: footprints with any of these in `productIds`.
    public var productIDs: [String]
    /// v3 `companyId`: footprints with any of these in `companyIds`.
    public var companyIDs: [String]
    /// v3 `geography`: region, country or subdivision codes.
    public var geographies: [String]
    /// v3 `classification`: footprints with any of these in `productClassifications`.
    public var classifications: [String]
    /// v3 `validOn` (RFC 3339).
    public var validOn: String?
    /// v3 `validAfter` (RFC 3339).
    public var validAfter: String?
    /// v3 `validBefore` (RFC 3339).
    public var validBefore: String?
    /// v3 `status`: `Active` and/or `Deprecated`.
    public var statuses: [String]
    /// v2 `$filter` (the OData subset of the v2 specification), sent as is.
    public var odataFilter: String?
    /// Host-specific extra criteria (`x-<implementor>-<name>`), sent as is.
    public var extensions: [PACTQueryParameter]

    /// Creates a query; everything is optional.
    public init(
        productIDs: [String] = [],
        companyIDs: [String] = [],
        geographies: [String] = [],
        classifications: [String] = [],
        validOn: String? = nil,
        validAfter: String? = nil,
        validBefore: String? = nil,
        statuses: [String] = [],
        odataFilter: String? = nil,
        extensions: [PACTQueryParameter] = []
    ) {
        self.productIDs = productIDs
        self.companyIDs = companyIDs
        self.geographies = geographies
        self.classifications = classifications
        self.validOn = validOn
        self.validAfter = validAfter
        self.validBefore = validBefore
        self.statuses = statuses
        self.odataFilter = odataFilter
        self.extensions = extensions
    }

    /// Whether any v3 criterion is set.
    public var hasV3Criteria: Bool {
        !productIDs.isEmpty || !companyIDs.isEmpty || !geographies.isEmpty || !classifications.isEmpty
            || validOn != nil || validAfter != nil || validBefore != nil || !statuses.isEmpty
    }

    /// The query parameters for ListFootprints in `version`.
    /// - Throws: ``PACTClientError/Category/invalidRequest`` when the query cannot be said in that
    ///   version: `$filter` does not exist in v3, the v3 criteria do not exist in v2.
    public func queryItems(for version: PACTVersion) throws(PACTClientError) -> [(name: String, value: String)] {
        var items: [(name: String, value: String)] = []
        switch version {
        case .v3:
            if odataFilter != nil {
                throw PACTClientError.invalidRequest("$filter is not part of PACT v3 (deprecated in 3.0); use the query filters productId, companyId, geography, ...")
            }
            items += productIDs.map { ("productId", $0) }
            items += companyIDs.map { ("companyId", $0) }
            items += geographies.map { ("geography", $0) }
            items += classifications.map { ("classification", $0) }
            if let validOn { items.append(("validOn", validOn)) }
            if let validAfter { items.append(("validAfter", validAfter)) }
            if let validBefore { items.append(("validBefore", validBefore)) }
            items += statuses.map { ("status", $0) }
        case .v2:
            if hasV3Criteria {
                throw PACTClientError.invalidRequest("productId, companyId, geography, ... are PACT v3 query filters; PACT v2 filters with odataFilter ($filter)")
            }
            if let odataFilter { items.append(("$filter", odataFilter)) }
        }
        items += extensions.map { ($0.name, $0.value) }
        return items
    }

    /// The `data` of a `RequestCreated` event asking for these footprints: v3's criteria as
    /// arrays and strings, v2's `{"pf": {"productIds": [...], "companyIds": [...]}}`.
    public func requestData(for version: PACTVersion, comment: String? = nil) -> JSONValue {
        func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
        var data: JSONObject = [:]
        switch version {
        case .v3:
            if !productIDs.isEmpty { data["productId"] = strings(productIDs) }
            if !companyIDs.isEmpty { data["companyId"] = strings(companyIDs) }
            if !geographies.isEmpty { data["geography"] = strings(geographies) }
            if !classifications.isEmpty { data["classification"] = strings(classifications) }
            if let validOn { data["validOn"] = .string(validOn) }
            if let validAfter { data["validAfter"] = .string(validAfter) }
            if let validBefore { data["validBefore"] = .string(validBefore) }
            if !statuses.isEmpty { data["status"] = strings(statuses) }
        case .v2:
            var fragment: JSONObject = [:]
            if !productIDs.isEmpty { fragment["productIds"] = strings(productIDs) }
            if !companyIDs.isEmpty { fragment["companyIds"] = strings(companyIDs) }
            data["pf"] = .object(fragment)
        }
        if let comment { data["comment"] = .string(comment) }
        return .object(data)
    }
}

/// One extra query parameter.
public struct PACTQueryParameter: Sendable, Hashable {
    /// The parameter name.
    public var name: String
    /// The value.
    public var value: String

    /// Creates a parameter.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
