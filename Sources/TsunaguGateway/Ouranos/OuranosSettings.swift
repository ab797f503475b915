import Foundation
import TsunaguCore
import TsunaguRelay

/// How the gateway plays the Ouranos data-transaction system (the `ouranos` member of the
/// configuration file). Secrets are not part of it: the API key is read from the environment
/// variable named here.
public struct OuranosSettings: Codable, Sendable, Equatable {
    /// Each tenant's own operator, by tenant name: the company an Ouranos buyer finds by its
    /// corporate number and asks for CFPs.
    public var operators: [String: OuranosTenantOperator] = [:]
    /// The environment variable holding the `apiKey` Ouranos-side callers must send (several keys
    /// may be given, separated by commas). When it is unset, every call is refused.
    public var apiKeyVariable: String = "TSUNAGU_OURANOS_API_KEY"
    /// How long a refresh token lives, in seconds.
    public var refreshTokenLifetimeSeconds: Int = 86_400
    /// How often an Ouranos-side supplier is asked for the status of a trade request, in seconds.
    public var pollIntervalSeconds: Double = 1

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = OuranosSettings()
        operators = try container.decodeIfPresent([String: OuranosTenantOperator].self, forKey: .operators) ?? defaults.operators
        apiKeyVariable = try container.decodeIfPresent(String.self, forKey: .apiKeyVariable) ?? defaults.apiKeyVariable
        refreshTokenLifetimeSeconds = try container.decodeIfPresent(Int.self, forKey: .refreshTokenLifetimeSeconds) ?? defaults.refreshTokenLifetimeSeconds
        pollIntervalSeconds = try container.decodeIfPresent(Double.self, forKey: .pollIntervalSeconds) ?? defaults.pollIntervalSeconds
    }

    /// Every problem of the settings: corporate numbers that fail the check digit, empty names,
    /// timings that would expire tokens at once or poll without pause.
    public var problems: [Diagnostic] {
        var problems: [Diagnostic] = []
        for (tenant, configured) in operators.sorted(by: { $0.key < $1.key }) {
            let pointer = JSONPointer(tokens: ["ouranos", "operators", tenant])
            if CorporateNumber(configured.corporateNumber) == nil {
                problems.append(Diagnostic(
                    pointer: pointer.appending("corporateNumber"),
                    message: "'\(configured.corporateNumber)' is not a corporate number: 13 digits whose first is the check digit of the other 12"
                ))
            }
            if configured.name.isEmpty { problems.append(Diagnostic(pointer: pointer.appending("name"), message: "the operator needs a name")) }
            if let plant = configured.plantID, !UUIDText.isValid(plant) {
                problems.append(Diagnostic(pointer: pointer.appending("plantId"), message: "'\(plant)' is not a UUID"))
            }
        }
        if refreshTokenLifetimeSeconds <= 0 {
            problems.append(Diagnostic(
                pointer: JSONPointer(tokens: ["ouranos", "refreshTokenLifetimeSeconds"]),
                message: "must be a positive number of seconds (\(refreshTokenLifetimeSeconds) would issue refresh tokens already expired)"))
        }
        if !(pollIntervalSeconds >= 0.1) {
            problems.append(Diagnostic(
                pointer: JSONPointer(tokens: ["ouranos", "pollIntervalSeconds"]),
                message: "must be at least 0.1 seconds (\(pollIntervalSeconds) would ask a supplier for a trade's status without pause)"))
        }
        if !OutboundCredentials.isVariableName(apiKeyVariable) {
            problems.append(Diagnostic(pointer: JSONPointer(tokens: ["ouranos", "apiKeyVariable"]), message: "must be the name of an environment variable, never the key itself"))
        }
        return problems
    }
}

/// A tenant's own company in the Ouranos data-transaction system.
public struct OuranosTenantOperator: Codable, Sendable, Equatable {
    /// Its corporate number (法人番号), 13 digits with the check digit first.
    public var corporateNumber: String
    /// Its name (operatorName).
    public var name: String
    /// Its address (operatorAddress).
    public var address: String?
    /// The plant named in the parts the gateway registers when it asks an Ouranos-side supplier
    /// (a UUID); a fixed id derived from the corporate number when unset.
    public var plantID: String?

    /// Creates an operator.
    public init(corporateNumber: String, name: String, address: String? = nil, plantID: String? = nil) {
        self.corporateNumber = corporateNumber
        self.name = name
        self.address = address
        self.plantID = plantID
    }

    enum CodingKeys: String, CodingKey {
        case corporateNumber, name, address
        case plantID = "plantId"
    }
}
