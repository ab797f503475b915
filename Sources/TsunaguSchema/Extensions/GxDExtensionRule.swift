import TsunaguCore

/// The Green x Digital Consortium extension's consistency rules (see `Mappings/EXTENSIONS.md`).
///
/// - `calcMethod` "1" (organization-based) requires the `organization` block, and "0"
///   (product-based) must not carry one.
/// - `FWedition` is the edition number of the CO2 Visualization Framework, such as "2.0".
/// - Gate-to-gate values are PACT decimal strings, no larger than the cradle-to-gate value of the
///   footprint they belong to (fossil ≤ PCF excluding biogenic uptake, the value including
///   biogenic emissions and removals ≤ PCF including biogenic uptake); the fossil value is not negative.
/// - `certificateAmount` is a non-negative decimal string.
/// - `scope3Category` entries name GHG Protocol Scope 3 categories 1–15, each once; the published
///   schema says strings, the consortium's documentation numbers: both are accepted, numbers
///   with a warning.
/// - The published schema lists `declaredUnit` and `crossSectoralStandardsUsed` as required in
///   `organization` without defining them; Tsunagu does not require them and warns when they are
///   missing, because a receiver applying the published schema strictly would refuse the document.
public struct GxDExtensionRule: ExtensionRule {
    /// `gxd`, the name `Mappings/extensions/gxd/index.json` attaches the rule by.
    public let name = "gxd"

    /// Creates the rule.
    public init() {}

    /// Every violation of the rules above in one GxD extension's `data`, as errors, plus warnings
    /// for the accepted quirks that a strict receiver would refuse.
    public func check(_ data: JSONValue, in context: ExtensionContext) -> [Diagnostic] {
        guard case .object(let members) = data else { return [] }
        var problems: [Diagnostic] = []
        let here = context.dataPointer
        func error(_ pointer: JSONPointer, _ message: String) { problems.append(Diagnostic(pointer: pointer, message: message)) }
        func warning(_ pointer: JSONPointer, _ message: String) { problems.append(Diagnostic(.warning, pointer: pointer, message: message)) }

        let calcMethod = members["calcMethod"]?.stringValue
        let organization = members["organization"]
        if calcMethod == "1", organization == nil {
            error(here, "calcMethod \"1\" (organization-based) requires the \"organization\" block with scope1/2/3DistributionLevel; add it or set calcMethod to \"0\"")
        }
        if calcMethod == "0", organization != nil {
            error(here.appending("organization"), "the organization block describes organization-based calculations, but calcMethod is \"0\" (product-based); remove the block or set calcMethod to \"1\"")
        }
        if let edition = members["FWedition"]?.stringValue, !Self.isEdition(edition) {
            error(here.appending("FWedition"), "FWedition must be the CO2 Visualization Framework edition number, e.g. \"2.0\", found \(JSONValue.string(edition).jsonText)")
        }
        if case .object(let block) = organization {
            checkOrganization(block, at: here.appending("organization"), error: error, warning: warning)
        }
        if case .object(let gateToGate) = members["gateToGate"] {
            checkGateToGate(gateToGate, at: here.appending("gateToGate"), context: context, error: error, warning: warning)
        }
        if let amount = members["certificate"]?["certificateAmount"]?.stringValue {
            let place = here.appending("certificate").appending("certificateAmount")
            if let value = DecimalText.value(amount) {
                if value.isNegative { error(place, "certificateAmount must not be negative, found \(amount)") }
            } else {
                error(place, "certificateAmount must be a decimal string such as \"120.5\", found \(JSONValue.string(amount).jsonText)")
            }
        }
        return problems
    }

    private static func isEdition(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(\.isASCIIDigit) }
    }

    private func checkOrganization(
        _ block: JSONObject, at place: JSONPointer, error: (JSONPointer, String) -> Void, warning: (JSONPointer, String) -> Void
    ) {
        for name in ["declaredUnit", "crossSectoralStandardsUsed"] where block[name] == nil {
            warning(place, "\"\(name)\" is missing: Tsunagu does not require it (the published GxD schema lists it as required without defining it), but a receiver applying the published schema strictly will refuse this document")
        }
        guard let categories = block["scope3Category"]?.arrayValue else { return }
        var seen: [Int: Int] = [:]
        for (offset, entry) in categories.enumerated() {
            let entryPlace = place.appending("scope3Category").appending(offset)
            let category: Int?
            switch entry {
            case .string(let text):
                category = text.unicodeScalars.allSatisfy(\.isASCIIDigit) && text.first != "0" ? Int(text) : nil
            case .number(let number):
                // A category is at most "15": a long literal (`1e999999`, a thousand zeros) is none,
                // and is not expanded into its digits to find out.
                let decimal = number.decimal
                let inRange = number.text.utf8.count <= 24 && decimal >= ExactDecimal(1) && decimal <= ExactDecimal(15)
                category = inRange && number.isIntegral ? Int(decimal.rounded(toScale: 0).description) : nil
                if category.map({ (1...15).contains($0) }) == true {
                    warning(entryPlace, "Scope 3 category given as the number \(number.text): accepted, but the published GxD schema expects the string \"\(number.decimal.rounded(toScale: 0))\"")
                }
            default:
                category = nil
            }
            guard let category, (1...15).contains(category) else {
                error(entryPlace, "scope3Category entries must name a GHG Protocol Scope 3 category, \"1\" to \"15\", found \(entry.shortDescription)")
                continue
            }
            if let first = seen[category] {
                error(entryPlace, "Scope 3 category \(category) is already listed at index \(first); list each category once")
            } else {
                seen[category] = offset
            }
        }
    }

    private func checkGateToGate(
        _ block: JSONObject, at place: JSONPointer, context: ExtensionContext, error: (JSONPointer, String) -> Void,
        warning: (JSONPointer, String) -> Void
    ) {
        let pairs: [(gate: String, cradle: String, isFossil: Bool)] = context.usesPACTVersion2Names
            ? [("gateToGateFossilGhgEmissions", "pCfExcludingBiogenic", true), ("gateToGateBiogenicCarbonContent", "pCfIncludingBiogenic", false)]
            : [("gateToGateFossilGhgEmissions", "pcfExcludingBiogenicUptake", true), ("gateToGateBiogenicCarbonContent", "pcfIncludingBiogenicUptake", false)]
        for pair in pairs {
            guard let text = block[pair.gate]?.stringValue else { continue }
            let gatePlace = place.appending(pair.gate)
            guard let gate = DecimalText.value(text) else {
                error(gatePlace, "\(pair.gate) must be a decimal string such as \"1.25\" (kgCO2e per declared unit), found \(JSONValue.string(text).jsonText)")
                continue
            }
            if pair.isFossil, gate.isNegative {
                error(gatePlace, "\(pair.gate) must not be negative, found \(text)")
            }
            guard let cradleText = context.footprint["pcf"]?[pair.cradle]?.stringValue, let cradle = DecimalText.value(cradleText) else { continue }
            // Not an error: a PACT v3 total includes removals and biogenic uptake, so the stages
            // before the gate can be negative and the gate-to-gate part larger than the total.
            if gate > cradle {
                warning(gatePlace, "\(pair.gate) \(text) is larger than the cradle-to-gate value /pcf/\(pair.cradle) \(cradleText) it is part of: right only where removals or biogenic uptake before the gate make those stages negative; a receiver that splits the footprint into stages (Ouranos) cannot express it")
            }
        }
    }
}
