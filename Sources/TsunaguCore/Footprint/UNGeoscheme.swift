/// The UN geographic regions and subregions (M49) that PACT's `geographyRegionOrSubregion` names,
/// and the subregion of each country: what a footprint's geography lies within, so that a
/// request for `Europe` finds a footprint of `Western Europe`, of `DE` or of `DE-BY` (PACT v3:
/// "will return all footprints within the specified geography(s)").
///
/// The countries are the UN geoscheme's, as the Catena-X mappings name them (Taiwan, Hong Kong and
/// Macao under Eastern Asia).
public enum UNGeoscheme {
    /// The region of each subregion.
    public static let regionOfSubregion: [String: String] = [
        "Northern Africa": "Africa",
        "Sub-Saharan Africa": "Africa",
        "Latin America and the Caribbean": "Americas",
        "Northern America": "Americas",
        "Central Asia": "Asia",
        "Eastern Asia": "Asia",
        "South-eastern Asia": "Asia",
        "Southern Asia": "Asia",
        "Western Asia": "Asia",
        "Eastern Europe": "Europe",
        "Northern Europe": "Europe",
        "Southern Europe": "Europe",
        "Western Europe": "Europe",
        "Australia and New Zealand": "Oceania",
        "Melanesia": "Oceania",
        "Micronesia": "Oceania",
        "Polynesia": "Oceania",
    ]

    /// The subregion of each country, by its ISO 3166-1 alpha-2 code.
    public static let subregionOfCountry: [String: String] = [
        "AD": "Southern Europe", "AE": "Western Asia", "AF": "Southern Asia", "AL": "Southern Europe",
        "AM": "Western Asia", "AO": "Sub-Saharan Africa", "AR": "Latin America and the Caribbean", "AS": "Polynesia",
        "AT": "Western Europe", "AU": "Australia and New Zealand", "AX": "Northern Europe", "AZ": "Western Asia",
        "BA": "Southern Europe", "BB": "Latin America and the Caribbean", "BD": "Southern Asia", "BE": "Western Europe",
        "BF": "Sub-Saharan Africa", "BG": "Eastern Europe", "BH": "Western Asia", "BI": "Sub-Saharan Africa",
        "BJ": "Sub-Saharan Africa", "BM": "Northern America", "BN": "South-eastern Asia", "BO": "Latin America and the Caribbean",
        "BR": "Latin America and the Caribbean", "BS": "Latin America and the Caribbean", "BT": "Southern Asia", "BW": "Sub-Saharan Africa",
        "BY": "Eastern Europe", "BZ": "Latin America and the Caribbean", "CA": "Northern America", "CD": "Sub-Saharan Africa",
        "CF": "Sub-Saharan Africa", "CG": "Sub-Saharan Africa", "CH": "Western Europe", "CI": "Sub-Saharan Africa",
        "CK": "Polynesia", "CL": "Latin America and the Caribbean", "CM": "Sub-Saharan Africa", "CN": "Eastern Asia",
        "CO": "Latin America and the Caribbean", "CR": "Latin America and the Caribbean", "CU": "Latin America and the Caribbean", "CV": "Sub-Saharan Africa",
        "CY": "Western Asia", "CZ": "Eastern Europe", "DE": "Western Europe", "DJ": "Sub-Saharan Africa",
        "DK": "Northern Europe", "DO": "Latin America and the Caribbean", "DZ": "Northern Africa", "EC": "Latin America and the Caribbean",
        "EE": "Northern Europe", "EG": "Northern Africa", "EH": "Northern Africa", "ER": "Sub-Saharan Africa",
        "ES": "Southern Europe", "ET": "Sub-Saharan Africa", "FI": "Northern Europe", "FJ": "Melanesia",
        "FM": "Micronesia", "FO": "Northern Europe", "FR": "Western Europe", "GA": "Sub-Saharan Africa",
        "GB": "Northern Europe", "GE": "Western Asia", "GG": "Northern Europe", "GH": "Sub-Saharan Africa",
        "GI": "Southern Europe", "GL": "Northern America", "GM": "Sub-Saharan Africa", "GN": "Sub-Saharan Africa",
        "GQ": "Sub-Saharan Africa", "GR": "Southern Europe", "GT": "Latin America and the Caribbean", "GU": "Micronesia",
        "GW": "Sub-Saharan Africa", "GY": "Latin America and the Caribbean", "HK": "Eastern Asia", "HN": "Latin America and the Caribbean",
        "HR": "Southern Europe", "HT": "Latin America and the Caribbean", "HU": "Eastern Europe", "ID": "South-eastern Asia",
        "IE": "Northern Europe", "IL": "Western Asia", "IM": "Northern Europe", "IN": "Southern Asia",
        "IQ": "Western Asia", "IR": "Southern Asia", "IS": "Northern Europe", "IT": "Southern Europe",
        "JE": "Northern Europe", "JM": "Latin America and the Caribbean", "JO": "Western Asia", "JP": "Eastern Asia",
        "KE": "Sub-Saharan Africa", "KG": "Central Asia", "KH": "South-eastern Asia", "KI": "Micronesia",
        "KM": "Sub-Saharan Africa", "KP": "Eastern Asia", "KR": "Eastern Asia", "KW": "Western Asia",
        "KZ": "Central Asia", "LA": "South-eastern Asia", "LB": "Western Asia", "LI": "Western Europe",
        "LK": "Southern Asia", "LR": "Sub-Saharan Africa", "LS": "Sub-Saharan Africa", "LT": "Northern Europe",
        "LU": "Western Europe", "LV": "Northern Europe", "LY": "Northern Africa", "MA": "Northern Africa",
        "MC": "Western Europe", "MD": "Eastern Europe", "ME": "Southern Europe", "MG": "Sub-Saharan Africa",
        "MH": "Micronesia", "MK": "Southern Europe", "ML": "Sub-Saharan Africa", "MM": "South-eastern Asia",
        "MN": "Eastern Asia", "MO": "Eastern Asia", "MP": "Micronesia", "MR": "Sub-Saharan Africa",
        "MT": "Southern Europe", "MU": "Sub-Saharan Africa", "MV": "Southern Asia", "MW": "Sub-Saharan Africa",
        "MX": "Latin America and the Caribbean", "MY": "South-eastern Asia", "MZ": "Sub-Saharan Africa", "NA": "Sub-Saharan Africa",
        "NC": "Melanesia", "NE": "Sub-Saharan Africa", "NG": "Sub-Saharan Africa", "NI": "Latin America and the Caribbean",
        "NL": "Western Europe", "NO": "Northern Europe", "NP": "Southern Asia", "NR": "Micronesia",
        "NU": "Polynesia", "NZ": "Australia and New Zealand", "OM": "Western Asia", "PA": "Latin America and the Caribbean",
        "PE": "Latin America and the Caribbean", "PF": "Polynesia", "PG": "Melanesia", "PH": "South-eastern Asia",
        "PK": "Southern Asia", "PL": "Eastern Europe", "PM": "Northern America", "PR": "Latin America and the Caribbean",
        "PS": "Western Asia", "PT": "Southern Europe", "PW": "Micronesia", "PY": "Latin America and the Caribbean",
        "QA": "Western Asia", "RO": "Eastern Europe", "RS": "Southern Europe", "RU": "Eastern Europe",
        "RW": "Sub-Saharan Africa", "SA": "Western Asia", "SB": "Melanesia", "SC": "Sub-Saharan Africa",
        "SD": "Northern Africa", "SE": "Northern Europe", "SG": "South-eastern Asia", "SI": "Southern Europe",
        "SK": "Eastern Europe", "SL": "Sub-Saharan Africa", "SM": "Southern Europe", "SN": "Sub-Saharan Africa",
        "SO": "Sub-Saharan Africa", "SR": "Latin America and the Caribbean", "SS": "Sub-Saharan Africa", "ST": "Sub-Saharan Africa",
        "SV": "Latin America and the Caribbean", "SY": "Western Asia", "SZ": "Sub-Saharan Africa", "TD": "Sub-Saharan Africa",
        "TG": "Sub-Saharan Africa", "TH": "South-eastern Asia", "TJ": "Central Asia", "TL": "South-eastern Asia",
        "TM": "Central Asia", "TN": "Northern Africa", "TO": "Polynesia", "TR": "Western Asia",
        "TT": "Latin America and the Caribbean", "TV": "Polynesia", "TW": "Eastern Asia", "TZ": "Sub-Saharan Africa",
        "UA": "Eastern Europe", "UG": "Sub-Saharan Africa", "US": "Northern America", "UY": "Latin America and the Caribbean",
        "UZ": "Central Asia", "VA": "Southern Europe", "VE": "Latin America and the Caribbean", "VN": "South-eastern Asia",
        "VU": "Melanesia", "WF": "Polynesia", "WS": "Polynesia", "YE": "Western Asia",
        "ZA": "Sub-Saharan Africa", "ZM": "Sub-Saharan Africa", "ZW": "Sub-Saharan Africa",
    ]

    /// Every area `geography` lies within, itself first, in lower case: a subdivision
    /// (`DE-BY`) lies within its country, a country within its subregion, a subregion within its
    /// region. An area the geoscheme does not list lies within nothing else.
    public static func areas(containing geography: String) -> [String] {
        let lowered = geography.lowercased()
        let code = geography.uppercased()
        var areas = [lowered]
        // ISO 3166-2 subdivision codes start with their country's code and a hyphen.
        let country = code.count > 3 && code.dropFirst(2).first == "-" ? String(code.prefix(2)) : code
        if country != code { areas.append(country.lowercased()) }
        let subregion = subregionOfCountry[country] ?? regionOfSubregion.keys.first { $0.lowercased() == lowered }
        if let subregion {
            if subregion.lowercased() != lowered { areas.append(subregion.lowercased()) }
            if let region = regionOfSubregion[subregion] { areas.append(region.lowercased()) }
        }
        return areas
    }
}
