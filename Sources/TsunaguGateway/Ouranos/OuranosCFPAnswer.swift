import TsunaguCore
import TsunaguEcosystems
import TsunaguMapping
import TsunaguRelay

/// The CFP values an Ouranos buyer reads for its part once a supplier answered: the supplier's
/// pre-processing and main production emissions as `preProductionResponse` and
/// `mainProductionResponse`, each the exact sum of the supplier's own and component values (as the
/// Ouranos tutorial's answer shows), with the ratings of the process.
///
/// The delivered document is rendered into the Ouranos CFP document with the mappings in force
/// (pact@3.0.0 → ouranos-cfp@3.0.0 for a canonical document), so the split rules of the mapping
/// (PACT's one total → main production, per one unit, five decimals rounded up) hold here too.
struct OuranosCFPAnswer: Sendable {
    let rules: GatewayRules

    /// The two `…Response` values of `document` under the buyer's `traceID`.
    /// - Throws: `internalError` when the document cannot be rendered or its values break Ouranos's bounds.
    func values(of document: RelayDocument, traceID: String) throws(OuranosError) -> [OuranosCFP] {
        let composite: JSONValue
        if document.model == .ouranos3 {
            composite = document.json
        } else {
            do {
                composite = try rules.snapshot.catalog.translate(document.json, from: document.model, to: .ouranos3, losses: .tracked).document
            } catch {
                throw OuranosError.internalError("the answered footprint could not be expressed as Ouranos CFP values: \(error.message)")
            }
        }
        return try Self.values(ofComposite: composite, traceID: traceID)
    }

    /// The two `…Response` values of an Ouranos CFP document (`ouranos-cfp@3.0.0`).
    /// - Throws: `internalError` when a value is missing or breaks Ouranos's bounds.
    static func values(ofComposite composite: JSONValue, traceID: String) throws(OuranosError) -> [OuranosCFP] {
        let records = composite["cfp"]?.arrayValue ?? []
        func record(_ type: String) -> JSONValue? { records.first { $0["cfpType"]?.stringValue == type } }
        var values: [OuranosCFP] = []
        for (own, component, process) in [("preProduction", "preComponent", "preProcessing"), ("mainProduction", "mainComponent", "mainProcessing")] {
            guard let ownRecord = record(own) else { throw OuranosError.internalError("the answered CFP has no \(own) value") }
            let parts = [ownRecord, record(component)].compactMap { $0?["ghgEmission"]?.numberValue }
            let emission = parts.isEmpty ? nil : JSONNumber(parts.dropFirst().reduce(parts[0].decimal) { $0 + $1.decimal })
            let ratings = ownRecord["dqrValue"]
            let value = OuranosCFP(
                cfpID: nil, traceID: traceID, ghgEmission: emission, ghgDeclaredUnit: ownRecord["ghgDeclaredUnit"]?.stringValue ?? "",
                cfpType: own + "Response", dqrType: process + "Response", ter: ratings?["TeR"]?.numberValue, ger: ratings?["GeR"]?.numberValue,
                tir: ratings?["TiR"]?.numberValue
            )
            do {
                try value.validated()
            } catch {
                throw OuranosError.internalError("the answered CFP is not a valid Ouranos value: \(error.description)")
            }
            values.append(value)
        }
        return values
    }
}
