import Testing
import TsunaguCore
@testable import TsunaguEcosystems

@Suite struct ODataFilterTests {
    let document: JSONValue = [
        "created": "2023-01-15T10:15:30Z", "productIds": ["urn:p:1", "urn:p:2"], "companyIds": ["urn:c:1"],
        "productCategoryCpc": "4121", "pcf": ["geographyCountry": "DE", "declaredUnitAmount": "12.5"],
    ]

    @Test(arguments: [
        ("created ge '2023-01-15T10:15:30Z'", true),
        ("created gt '2023-01-15T10:15:30Z'", false),
        ("created lt '2024-01-01T00:00:00Z' and pcf/geographyCountry eq 'DE'", true),
        ("pcf/geographyCountry eq 'FR'", false),
        ("productIds/any(productId:(productId eq 'urn:p:2'))", true),
        ("productIds/any(p: p eq 'urn:p:9')", false),
        ("companyIds/any(companyId:(companyId eq 'urn:c:1')) and productCategoryCpc eq '4121'", true),
        ("pcf/declaredUnitAmount eq '12.50'", true),
        ("pcf/missing eq 'x'", false),
        // OData: a missing property is null, which is not 'x' and equals null.
        ("pcf/missing ne 'x'", true),
        ("pcf/missing eq null", true),
        ("pcf/missing ne null", false),
        ("pcf/geographyCountry ne null", true),
        ("pcf/geographyCountry eq 'null'", false),
        ("pcf/missing gt 'x'", false),
        // Codes are compared as written: CPC 04121 is not 4121; plain decimals as numbers.
        ("productCategoryCpc eq '04121'", false),
        ("productCategoryCpc ne '04121'", true),
        ("productCategoryCpc eq '4121.0'", true),
        ("productCategoryCpc eq '4.121e3'", false),
        ("pcf/declaredUnitAmount gt '9'", true),
    ])
    func evaluates(filter: String, expected: Bool) throws {
        #expect(try ODataFilter(parsing: filter).matches(document) == expected)
    }

    @Test(arguments: [
        ("pcf%2FgeographyCountry+eq+'DE'", "pcf/geographyCountry eq 'DE'"),
        ("created+ge+'2023-01-15T19:15:30%2B09:00'", "created ge '2023-01-15T19:15:30+09:00'"),
        ("created%20ge%20'2023-01-15T19:15:30+09:00'", "created ge '2023-01-15T19:15:30+09:00'"),
        ("created ge '2023-01-15T19:15:30+09:00'", "created ge '2023-01-15T19:15:30+09:00'"),
    ])
    func readsFiltersAsClientsEncodeThem(raw: String, text: String) throws {
        #expect(ODataFilter.text(ofQueryValue: raw[...]) == text)
        #expect(try ODataFilter(parsing: ODataFilter.text(ofQueryValue: raw[...])).matches(document))
    }

    @Test(arguments: ["created", "created between '1' and '2'", "created eq 'unterminated", "productIds/any(x)", "created eq '1' or created eq '2'"])
    func refusesWhatItDoesNotSupport(filter: String) {
        #expect { try ODataFilter(parsing: filter) } throws: { ($0 as? PACTError)?.code == "BadRequest" }
    }
}
