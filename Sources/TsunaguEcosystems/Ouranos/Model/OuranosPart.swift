import TsunaguCore

/// A part of a company (PartsModel). A company asks a supplier about one of its own parts: the
/// part's trace id is the `downstreamTraceID` of the trade request, and the answer's CFP values
/// (`…Response`) are read under it.
public struct OuranosPart: Sendable, Hashable {
    /// The units an activity amount may have.
    public static let amountUnits: Set<String> = ["liter", "kilogram", "cubic-meter", "kilowatt-hour", "megajoule", "ton-kilometer", "square-meter", "unit"]

    /// The trace id, `nil` before the system assigned one.
    public let traceID: String?
    /// The owning operator's internal id.
    public let operatorID: String
    /// The plant's internal id.
    public let plantID: String
    /// The company's part number (at most 50 characters).
    public let partsName: String
    /// A qualifier that tells apart CFPs of the same part number (supplier, plant, period).
    public let supportPartsName: String?
    /// The amount of this part in its parent, `nil` for a parent.
    public let amountRequired: JSONNumber?
    /// The unit of the amount, e.g. `kilogram`.
    public let amountRequiredUnit: String?
    /// Whether the part's tree ends here (no further suppliers asked).
    public let terminatedFlag: Bool
    /// The part's display name.
    public let partsLabelName: String?
    /// Free information on the part (`partsAddInfo1` to `partsAddInfo3`, added in v3.0.0, at most
    /// 50 characters each), kept and given back as sent.
    public let partsAddInfo: [String?]

    /// Creates a part.
    public init(traceID: String? = nil, operatorID: String, plantID: String, partsName: String, supportPartsName: String?, amountRequired: JSONNumber?, amountRequiredUnit: String?, terminatedFlag: Bool = false, partsLabelName: String? = nil, partsAddInfo: [String?] = [nil, nil, nil]) {
        self.traceID = traceID
        self.operatorID = operatorID
        self.plantID = plantID
        self.partsName = partsName
        self.supportPartsName = supportPartsName
        self.amountRequired = amountRequired
        self.amountRequiredUnit = amountRequiredUnit
        self.terminatedFlag = terminatedFlag
        self.partsLabelName = partsLabelName
        self.partsAddInfo = partsAddInfo
    }

    /// The same part under `traceID`.
    public func assigning(traceID: String) -> OuranosPart {
        OuranosPart(
            traceID: traceID, operatorID: operatorID, plantID: plantID, partsName: partsName, supportPartsName: supportPartsName,
            amountRequired: amountRequired, amountRequiredUnit: amountRequiredUnit, terminatedFlag: terminatedFlag, partsLabelName: partsLabelName,
            partsAddInfo: partsAddInfo)
    }

    /// Reads a PartsModel.
    public init(json: JSONValue) throws(OuranosModelProblem) {
        let object = try OuranosJSON.object(json, "partsModel")
        traceID = try OuranosJSON.optionalUUID(object, "traceId")
        operatorID = try OuranosJSON.uuid(object, "operatorId")
        plantID = try OuranosJSON.uuid(object, "plantId")
        partsName = try OuranosJSON.string(object, "partsName", maxLength: 50)
        supportPartsName = try OuranosJSON.optionalString(object, "supportPartsName", maxLength: 50)
        amountRequired = try OuranosJSON.optionalNumber(object, "amountRequired")
        if let amount = amountRequired, amount.decimal < .zero || amount.decimal > OuranosCFP.maximum {
            throw OuranosModelProblem("amountRequired", "must be between 0 and 99999.99999, found \(amount.text).")
        }
        amountRequiredUnit = try OuranosJSON.optionalString(object, "amountRequiredUnit", maxLength: 20)
        guard let flag = object["terminatedFlag"]?.boolValue else { throw OuranosModelProblem("terminatedFlag", "must be true or false.") }
        terminatedFlag = flag
        partsLabelName = try OuranosJSON.optionalString(object, "partsLabelName", maxLength: 50)
        partsAddInfo = try (1...3).map { number throws(OuranosModelProblem) in try OuranosJSON.optionalString(object, "partsAddInfo\(number)", maxLength: 50) }
        if let unit = amountRequiredUnit, !Self.amountUnits.contains(unit) {
            throw OuranosModelProblem("amountRequiredUnit", "cannot be allowed '\(unit)'.")
        }
    }

    /// The PartsModel.
    public var json: JSONValue {
        [
            "traceId": OuranosJSON.optional(traceID), "operatorId": .string(operatorID), "plantId": .string(plantID),
            "partsName": .string(partsName), "supportPartsName": OuranosJSON.optional(supportPartsName),
            "amountRequired": OuranosJSON.optional(amountRequired), "amountRequiredUnit": OuranosJSON.optional(amountRequiredUnit),
            "terminatedFlag": .bool(terminatedFlag), "partsLabelName": OuranosJSON.optional(partsLabelName),
            "partsAddInfo1": OuranosJSON.optional(partsAddInfo[0]), "partsAddInfo2": OuranosJSON.optional(partsAddInfo[1]),
            "partsAddInfo3": OuranosJSON.optional(partsAddInfo[2]),
        ]
    }
}

/// A parent part with its child parts (PartsStructureModel); the children are what the parent
/// is made of, each a part the company may ask a supplier about.
public struct OuranosPartsStructure: Sendable, Hashable {
    /// The most children one structure may have.
    public static var maximumChildren: Int { 50 }

    /// The parent part.
    public let parent: OuranosPart
    /// The child parts, in order.
    public let children: [OuranosPart]

    /// Creates a structure.
    public init(parent: OuranosPart, children: [OuranosPart]) {
        self.parent = parent
        self.children = children
    }

    /// Reads a PartsStructureModel.
    public init(json: JSONValue) throws(OuranosModelProblem) {
        let object = try OuranosJSON.object(json, "requestBody")
        parent = try OuranosPart(json: object["parentPartsModel"] ?? .null)
        guard let items = object["childrenPartsModel"]?.arrayValue else { throw OuranosModelProblem("childrenPartsModel", "must be an array.") }
        guard items.count <= Self.maximumChildren else { throw OuranosModelProblem("childrenPartsModel", "the length must be no more than \(Self.maximumChildren).") }
        children = try items.map { item throws(OuranosModelProblem) in try OuranosPart(json: item) }
        if let repetition { throw repetition }
    }

    /// Why the structure names one trace id twice (a child with the parent's trace id, or two
    /// children with one), or `nil` when each part appears once: stored by trace id, one part
    /// would overwrite the other.
    public var repetition: OuranosModelProblem? {
        let parentTrace = parent.traceID?.lowercased()
        var seen: Set<String> = []
        for traceID in children.compactMap({ $0.traceID?.lowercased() }) {
            if traceID == parentTrace {
                return OuranosModelProblem("childrenPartsModel", "traceId \(traceID) is the parent's; a part cannot be its own child.")
            }
            if !seen.insert(traceID).inserted {
                return OuranosModelProblem("childrenPartsModel", "traceId \(traceID) is given more than once; each child appears once.")
            }
        }
        return nil
    }

    /// The PartsStructureModel.
    public var json: JSONValue { ["parentPartsModel": parent.json, "childrenPartsModel": .array(children.map(\.json))] }
}
