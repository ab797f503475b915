import TsunaguCore
import TsunaguEcosystems

/// The Ouranos CFP document (`ouranos-cfp@3.0.0`, see Mappings/ouranos/DOCUMENT.md) composed from
/// what a buyer learns when an Ouranos-side supplier answers: the supplier's operator, the part
/// asked about, and the two `…Response` values.
///
/// A buyer sees neither the supplier's plant nor its own/component split: the plant is named by
/// the supplier's corporate number with plant number `000000` and no internal id, the part is the
/// buyer's trace id with the asked product id as its `partsName`, and each response value becomes
/// the process's own value (`preProduction`, `mainProduction`) with `0` from components — so the
/// pivot's total (the sum of the four) is exactly the supplier's total.
struct OuranosSupplierAnswer: Sendable {
    /// The asked company.
    let supplier: OuranosOperator
    /// The product id asked for (the part's `partsName`).
    let productID: String
    /// The buyer's trace id of the part.
    let traceID: String
    /// The values the supplier answered.
    let values: [OuranosCFP]

    /// The composite document.
    /// - Throws: a description of what is missing when the answer lacks a response value, withholds
    ///   one (`null`) or mixes units.
    func document() throws(UpstreamAnswerProblem) -> JSONValue {
        guard let pre = values.first(where: { $0.cfpType == "preProductionResponse" }),
            let main = values.first(where: { $0.cfpType == "mainProductionResponse" })
        else { throw UpstreamAnswerProblem("the answer lacks the preProductionResponse or mainProductionResponse value of trace id \(traceID)") }
        guard pre.ghgDeclaredUnit == main.ghgDeclaredUnit else {
            throw UpstreamAnswerProblem("the answer mixes units \(pre.ghgDeclaredUnit) and \(main.ghgDeclaredUnit)")
        }
        // Ouranos answers `null` for a value the supplier withholds: a total without it would be
        // understated and look complete, so a withheld value makes the answer unusable.
        let withheld = [pre, main].filter { $0.ghgEmission == nil }.map(\.cfpType)
        guard withheld.isEmpty, let preEmission = pre.ghgEmission, let mainEmission = main.ghgEmission else {
            throw UpstreamAnswerProblem("the supplier withheld \(withheld.joined(separator: " and ")) (null): a footprint without it would understate the total")
        }
        let plantID = DerivedUUID.make("tsunagu-ouranos-plant", supplier.operatorID)
        let unit = String(pre.ghgDeclaredUnit.dropFirst("kgCO2e/".count))
        func record(_ type: String, _ process: String, emission: JSONValue, ratings: OuranosCFP) -> JSONValue {
            [
                "cfpId": .null, "traceId": .string(traceID), "ghgEmission": emission, "ghgDeclaredUnit": .string(pre.ghgDeclaredUnit),
                "cfpType": .string(type), "dqrType": .string(process),
                "dqrValue": ["TeR": Self.number(ratings.ter), "GeR": Self.number(ratings.ger), "TiR": Self.number(ratings.tir)],
            ]
        }
        return [
            "operator": supplier.json,
            "plant": [
                "plantId": .null, "operatorId": .string(supplier.operatorID), "plantName": "not disclosed to the buyer",
                "plantAddress": .string(supplier.address), "openPlantId": .string(supplier.corporateNumber.digits + "000000"), "plantAttribute": [:],
            ],
            "parts": [
                "traceId": .string(traceID), "operatorId": .string(supplier.operatorID), "plantId": .string(plantID), "partsName": .string(productID),
                "supportPartsName": .null, "terminatedFlag": true, "amountRequired": .null, "amountRequiredUnit": .string(unit),
                "partsLabelName": .null,
            ],
            "cfp": [
                record("preProduction", "preProcessing", emission: .number(preEmission), ratings: pre),
                record("mainProduction", "mainProcessing", emission: .number(mainEmission), ratings: main),
                record("preComponent", "preProcessing", emission: .number(JSONNumber(0)), ratings: pre),
                record("mainComponent", "mainProcessing", emission: .number(JSONNumber(0)), ratings: main),
            ],
        ]
    }

    private static func number(_ value: JSONNumber?) -> JSONValue { value.map(JSONValue.number) ?? .null }
}

/// Why an upstream answer cannot be used.
struct UpstreamAnswerProblem: Error, Sendable, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
