/// The canonical footprint: a PACT v3.0 `ProductFootprint` document plus its Data Model Extensions.
///
/// Every ecosystem's model is translated to and from this form by the mapping engine; the store
/// keeps it; the PACT v3 API serves it as is. The document is held exactly (decimal strings and
/// any unknown members untouched); the typed accessors read the fields the gateway indexes,
/// filters and enforces policies on.
public struct ProductFootprint: Sendable, Hashable {
    /// The whole PACT v3.0 document.
    public let document: JSONValue

    /// Wraps a PACT v3.0 document after checking the members the gateway relies on.
    /// - Throws: ``DiagnosticsError`` listing each missing or mistyped member with its pointer.
    public init(document: JSONValue) throws(DiagnosticsError) {
        var problems: [Diagnostic] = []
        guard case .object = document else {
            throw DiagnosticsError([Diagnostic(pointer: .root, message: "a footprint must be a JSON object, found \(document.typeName)")])
        }
        if let id = document["id"]?.stringValue {
            if !UUIDText.isValid(id) { problems.append(Diagnostic(pointer: "/id", message: "'\(id)' is not a UUID")) }
        } else {
            problems.append(Diagnostic(pointer: "/id", message: "required string member 'id' is missing"))
        }
        if document["pcf"]?.objectValue == nil {
            problems.append(Diagnostic(pointer: "/pcf", message: "required object member 'pcf' is missing"))
        }
        if let status = document["status"]?.stringValue {
            if FootprintStatus(rawValue: status) == nil {
                problems.append(Diagnostic(pointer: "/status", message: "status must be 'Active' or 'Deprecated', found '\(status)'"))
            }
        } else {
            problems.append(Diagnostic(pointer: "/status", message: "required string member 'status' is missing"))
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        self.document = document
    }

    /// The footprint's id (a UUID string, as received: its case is kept).
    public var id: String { document["id"]?.stringValue ?? "" }

    /// `Active` or `Deprecated`.
    public var status: FootprintStatus { document["status"]?.stringValue.flatMap(FootprintStatus.init(rawValue:)) ?? .active }

    /// The product ids (URNs) the footprint is for.
    public var productIDs: [String] { strings(at: "productIds") }

    /// The ids (URNs) of the company that owns the footprint.
    public var companyIDs: [String] { strings(at: "companyIds") }

    /// The company's name.
    public var companyName: String? { document["companyName"]?.stringValue }

    /// The product classifications (URNs, v3 `productClassifications`).
    public var classifications: [String] { strings(at: "productClassifications") }

    /// Ids of earlier versions this footprint replaces.
    public var precedingFootprintIDs: [String] { strings(at: "precedingPfIds") }

    /// The `created` time stamp as written.
    public var created: String? { document["created"]?.stringValue }

    /// Start of the validity period as written (RFC 3339), if given.
    public var validityPeriodStart: String? { document["validityPeriodStart"]?.stringValue }

    /// End of the validity period as written (RFC 3339), if given.
    public var validityPeriodEnd: String? { document["validityPeriodEnd"]?.stringValue }

    /// Reference period start (`pcf.referencePeriodStart`).
    public var referencePeriodStart: String? { document["pcf"]?["referencePeriodStart"]?.stringValue }

    /// Reference period end (`pcf.referencePeriodEnd`).
    public var referencePeriodEnd: String? { document["pcf"]?["referencePeriodEnd"]?.stringValue }

    /// Geography codes the footprint applies to: country, country subdivision and region, as written.
    public var geographies: [String] {
        ["geographyCountry", "geographyCountrySubdivision", "geographyRegionOrSubregion"].compactMap {
            document["pcf"]?[$0]?.stringValue
        }
    }

    /// The Data Model Extensions the footprint carries, in document order.
    public var extensions: [DataModelExtension] {
        (document["extensions"]?.arrayValue ?? []).compactMap(DataModelExtension.init(json:))
    }

    /// A copy with `value` set at `pointer`.
    public func setting(_ value: JSONValue, at pointer: JSONPointer) throws(DiagnosticsError) -> ProductFootprint {
        var copy = document
        copy.set(value, at: pointer)
        return try ProductFootprint(document: copy)
    }

    private func strings(at key: String) -> [String] {
        (document[key]?.arrayValue ?? []).compactMap(\.stringValue)
    }
}

/// The lifecycle status of a footprint.
public enum FootprintStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active = "Active"
    case deprecated = "Deprecated"
}
