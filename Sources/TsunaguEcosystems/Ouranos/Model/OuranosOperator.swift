import TsunaguCore

/// A company in the Ouranos data-transaction system (OperatorModel): its internal id (a UUID)
/// and its public id, the Japanese corporate number (法人番号), whose check digit holds by
/// construction.
public struct OuranosOperator: Sendable, Hashable {
    /// The internal operator id (事業者識別子（内部）), a UUID.
    public let operatorID: String
    /// The corporate number (事業者識別子（ローカル）).
    public let corporateNumber: CorporateNumber
    /// The company name.
    public let name: String
    /// The company address.
    public let address: String
    /// The global operator id, if registered (e.g. a BPN or a GLN).
    public let globalOperatorID: String?

    /// Creates an operator.
    public init(operatorID: String, corporateNumber: CorporateNumber, name: String, address: String, globalOperatorID: String? = nil) {
        self.operatorID = operatorID
        self.corporateNumber = corporateNumber
        self.name = name
        self.address = address
        self.globalOperatorID = globalOperatorID
    }

    /// Reads an OperatorModel.
    /// - Throws: when a field is missing or `openOperatorId` fails the corporate number check digit.
    public init(json: JSONValue) throws(OuranosModelProblem) {
        let object = try OuranosJSON.object(json, "operator")
        operatorID = try OuranosJSON.uuid(object, "operatorId")
        let open = try OuranosJSON.string(object, "openOperatorId", maxLength: 20)
        guard let number = CorporateNumber(open) else {
            throw OuranosModelProblem("openOperatorId", "'\(open)' is not a corporate number (13 digits with a valid check digit).")
        }
        corporateNumber = number
        name = try OuranosJSON.string(object, "operatorName", maxLength: 256)
        address = try OuranosJSON.string(object, "operatorAddress", maxLength: 256)
        globalOperatorID = try object["operatorAttribute"]?.objectValue.flatMap { attributes throws(OuranosModelProblem) in
            try OuranosJSON.optionalString(attributes, "globalOperatorId", maxLength: 256)
        }
    }

    /// The OperatorModel.
    public var json: JSONValue {
        [
            "operatorId": .string(operatorID), "openOperatorId": .string(corporateNumber.digits), "operatorName": .string(name),
            "operatorAddress": .string(address), "operatorAttribute": ["globalOperatorId": OuranosJSON.optional(globalOperatorID)],
        ]
    }
}
