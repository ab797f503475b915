import TsunaguCore

/// One CFP value of a part (CfpModel): an emission of one kind (`cfpType`) in `kgCO2e/<unit>`
/// with its data quality ratings. Numbers keep their exact JSON text.
public struct OuranosCFP: Sendable, Hashable {
    /// The CFP kinds Ouranos defines.
    public static let cfpTypes: Set<String> = [
        "preProduction", "mainProduction", "preComponent", "mainComponent", "preProductionTotal", "mainProductionTotal",
        "preComponentTotal", "mainComponentTotal", "preProductionResponse", "mainProductionResponse",
    ]
    /// The DQR kinds Ouranos defines.
    public static let dqrTypes: Set<String> = [
        "preProcessing", "mainProcessing", "preProcessingTotal", "mainProcessingTotal", "preProcessingResponse", "mainProcessingResponse",
    ]
    /// The declared units Ouranos defines.
    public static let declaredUnits: Set<String> = [
        "kgCO2e/liter", "kgCO2e/kilogram", "kgCO2e/cubic-meter", "kgCO2e/kilowatt-hour", "kgCO2e/megajoule",
        "kgCO2e/ton-kilometer", "kgCO2e/square-meter", "kgCO2e/unit",
    ]
    /// The largest value Ouranos accepts for an emission or a rating.
    static let maximum = ExactDecimal(parsing: "99999.99999") ?? .zero

    /// The CFP id, `nil` for values the system computes (`…Response`).
    public let cfpID: String?
    /// The trace id of the part.
    public let traceID: String
    /// The emission, `nil` when the upstream company withheld it.
    public let ghgEmission: JSONNumber?
    /// The unit, e.g. `kgCO2e/kilogram`.
    public let ghgDeclaredUnit: String
    /// The kind, e.g. `mainProductionResponse`.
    public let cfpType: String
    /// The DQR kind, e.g. `mainProcessingResponse`.
    public let dqrType: String
    /// Technological representativeness.
    public let ter: JSONNumber?
    /// Geographical representativeness.
    public let ger: JSONNumber?
    /// Temporal representativeness.
    public let tir: JSONNumber?

    /// Creates a value; the enumerations and bounds are checked by `init(json:)` and `validated()`.
    public init(cfpID: String?, traceID: String, ghgEmission: JSONNumber?, ghgDeclaredUnit: String, cfpType: String, dqrType: String, ter: JSONNumber?, ger: JSONNumber?, tir: JSONNumber?) {
        self.cfpID = cfpID
        self.traceID = traceID
        self.ghgEmission = ghgEmission
        self.ghgDeclaredUnit = ghgDeclaredUnit
        self.cfpType = cfpType
        self.dqrType = dqrType
        self.ter = ter
        self.ger = ger
        self.tir = tir
    }

    /// Reads a CfpModel.
    public init(json: JSONValue) throws(OuranosModelProblem) {
        let object = try OuranosJSON.object(json, "cfp")
        cfpID = try OuranosJSON.optionalUUID(object, "cfpId")
        traceID = try OuranosJSON.uuid(object, "traceId")
        ghgEmission = try OuranosJSON.optionalNumber(object, "ghgEmission")
        ghgDeclaredUnit = try OuranosJSON.string(object, "ghgDeclaredUnit", maxLength: 64)
        cfpType = try OuranosJSON.string(object, "cfpType", maxLength: 64)
        dqrType = try OuranosJSON.string(object, "dqrType", maxLength: 64)
        let dqr = try OuranosJSON.object(object["dqrValue"], "dqrValue")
        ter = try OuranosJSON.optionalNumber(dqr, "TeR")
        ger = try OuranosJSON.optionalNumber(dqr, "GeR")
        tir = try OuranosJSON.optionalNumber(dqr, "TiR")
        try validated()
    }

    /// Checks the enumerations and the bounds (0 to 99999.99999) Ouranos sets.
    public func validated() throws(OuranosModelProblem) {
        guard Self.declaredUnits.contains(ghgDeclaredUnit) else { throw OuranosModelProblem("ghgDeclaredUnit", "cannot be allowed '\(ghgDeclaredUnit)'.") }
        guard Self.cfpTypes.contains(cfpType) else { throw OuranosModelProblem("cfpType", "cannot be allowed '\(cfpType)'.") }
        guard Self.dqrTypes.contains(dqrType) else { throw OuranosModelProblem("dqrType", "cannot be allowed '\(dqrType)'.") }
        for (field, number) in [("ghgEmission", ghgEmission), ("TeR", ter), ("GeR", ger), ("TiR", tir)] {
            guard let number else { continue }
            guard number.decimal >= .zero, number.decimal <= Self.maximum else {
                throw OuranosModelProblem(field, "must be between 0 and 99999.99999, found \(number.text).")
            }
        }
    }

    /// The CfpModel.
    public var json: JSONValue {
        [
            "cfpId": OuranosJSON.optional(cfpID), "traceId": .string(traceID), "ghgEmission": OuranosJSON.optional(ghgEmission),
            "ghgDeclaredUnit": .string(ghgDeclaredUnit), "cfpType": .string(cfpType), "dqrType": .string(dqrType),
            "dqrValue": ["TeR": OuranosJSON.optional(ter), "GeR": OuranosJSON.optional(ger), "TiR": OuranosJSON.optional(tir)],
        ]
    }
}
