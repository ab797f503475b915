/// The test cases of the PACT conformance service (wbcsd/pact-conformance-service, its
/// `docs/v2-test-cases-expected-results.md` and `docs/v3-test-cases-expected-results.md`) with
/// their official numbers and whether each version requires them, plus Tsunagu's own checks
/// (`T<n>`, never mandatory).
public enum PACTConformanceCatalog {
    /// One case of the catalogue.
    public struct Entry: Sendable, Hashable {
        /// The official number (`14.A`) or `T<n>`.
        public let id: String
        /// What the case checks.
        public let name: String
        /// The versions for which the conformance service requires it.
        public let mandatoryFor: Set<PACTConformanceSpec>
        /// The versions the case applies to.
        public let appliesTo: Set<PACTConformanceSpec>
    }

    /// The cases run for `spec`, in order.
    public static func entries(for spec: PACTConformanceSpec) -> [Entry] {
        all.filter { $0.appliesTo.contains(spec) }
    }

    /// The entry `id` for `spec`, if the case applies to it.
    public static func entry(_ id: String, spec: PACTConformanceSpec) -> Entry? {
        entries(for: spec).first { $0.id == id }
    }

    private static let both: Set<PACTConformanceSpec> = [.v2_3, .v3_0]

    private static func mandatory(_ id: String, _ name: String, for specs: Set<PACTConformanceSpec> = both) -> Entry {
        Entry(id: id, name: name, mandatoryFor: specs, appliesTo: specs)
    }

    private static func optional(_ id: String, _ name: String, for specs: Set<PACTConformanceSpec> = both) -> Entry {
        Entry(id: id, name: name, mandatoryFor: [], appliesTo: specs)
    }

    private static let all: [Entry] = [
        mandatory("0", "Initialize: obtain a token, list at least two footprints, read the limit=1 pagination link"),
        mandatory("1", "Obtain auth token with valid credentials"),
        mandatory("2", "Obtain auth token with invalid credentials (400/401)"),
        mandatory("3", "Get PCF using GetFootprint"),
        mandatory("4", "Get all PCFs using ListFootprints"),
        mandatory("5", "Pagination link implementation of Action ListFootprints"),
        mandatory("6", "Attempt ListFootprints with invalid token (400/401)"),
        mandatory("7", "Attempt GetFootprint with invalid token (400/401)"),
        mandatory("8", "Attempt GetFootprint with non-existent PfId (404)"),
        mandatory("9", "Attempt authentication through HTTP (non-HTTPS)"),
        mandatory("10", "Attempt ListFootprints through HTTP (non-HTTPS)"),
        mandatory("11", "Attempt GetFootprint through HTTP (non-HTTPS)"),
        mandatory("12", "Send asynchronous PCF request (RequestCreated)"),
        mandatory("13", "Receive the RequestFulfilled callback"),
        mandatory("14.A", "Send asynchronous PCF request to be rejected (unknown product)"),
        mandatory("14.B", "Receive the RequestRejected callback"),
        mandatory("15", "Receive notification of PCF update (Published event)"),
        mandatory("16", "Attempt Action Events with invalid token (400/401)"),
        mandatory("17", "Attempt Action Events through HTTP (non-HTTPS)"),
        optional("18", "OpenID Connect-based authentication flow"),
        optional("19", "OpenID Connect-based authentication flow with incorrect credentials"),
        optional("20", "Get filtered list of footprints ($filter=created ge ...)", for: [.v2_3]),
        mandatory("21", "Published event with non-UUID footprint ids refused (400)", for: [.v2_3]),
        mandatory("20", "Filter by productId", for: [.v3_0]),
        mandatory("21", "Filter by companyId", for: [.v3_0]),
        mandatory("22", "Filter by geography", for: [.v3_0]),
        mandatory("23", "Filter by classification", for: [.v3_0]),
        mandatory("24", "Filter by validOn", for: [.v3_0]),
        mandatory("25", "Filter by validAfter", for: [.v3_0]),
        mandatory("26", "Filter by validBefore", for: [.v3_0]),
        mandatory("27", "Filter by status", for: [.v3_0]),
        mandatory("28", "Filter by status and productId (AND)", for: [.v3_0]),
        mandatory("29", "Filter by several companyId values (OR)", for: [.v3_0]),
        mandatory("30", "Filter by unknown productId gives an empty list", for: [.v3_0]),
        mandatory("31", "Filter by unknown companyId gives an empty list", for: [.v3_0]),
        mandatory("32", "Filter by unknown geography gives an empty list", for: [.v3_0]),
        mandatory("33", "Filter by unknown classification gives an empty list", for: [.v3_0]),
        mandatory("34", "Filter by validOn 1900 gives an empty list", for: [.v3_0]),
        mandatory("35", "Filter by validAfter 2099 gives an empty list", for: [.v3_0]),
        mandatory("36", "Filter by validBefore 1900 gives an empty list", for: [.v3_0]),
        mandatory("37", "Filter by unknown status gives an empty list", for: [.v3_0]),
        mandatory("38", "Filter by unknown companyId and productId (AND) gives an empty list", for: [.v3_0]),
        mandatory("39", "Filter by several unknown companyId values (OR) gives an empty list", for: [.v3_0]),
        mandatory("40", "Published event with non-UUID footprint ids refused (400)", for: [.v3_0]),
        optional("T1", "OpenID discovery document names a token_endpoint and a jwks_uri"),
        optional("T2", "Following every pagination link from limit=1 reaches every footprint once"),
        optional("T3", "$filter is refused with 400 in v3", for: [.v3_0]),
        optional("T4", "$filter subset: productIds/any, companyIds/any, pcf/geographyCountry, and", for: [.v2_3]),
    ]
}
