import TsunaguCore

/// A footprint document in a given data model, as it travels through the relay.
///
/// It is serialised as its exact JSON text, so numbers keep their literal digits.
public struct RelayDocument: Sendable, Hashable, Codable {
    /// The document.
    public let json: JSONValue
    /// The data model (and version) it is written in.
    public let model: ModelID

    /// Creates a document.
    public init(json: JSONValue, model: ModelID) {
        self.json = json
        self.model = model
    }

    private enum CodingKeys: String, CodingKey { case json, model }

    /// Decodes a document written by ``encode(to:)``. - Throws: when its text is not JSON.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .json)
        do {
            json = try JSONParser().parse(text)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .json, in: container, debugDescription: "\(error)")
        }
        model = try container.decode(ModelID.self, forKey: .model)
    }

    /// Encodes the document as its JSON text and model id.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(json.jsonText, forKey: .json)
        try container.encode(model, forKey: .model)
    }
}

/// The mapping that translated a document, for the audit trail.
public struct MappingReference: Sendable, Hashable, Codable {
    /// The mapping's id.
    public let id: String
    /// The hash of the mapping file's content.
    public let contentHash: String

    /// Creates a reference.
    public init(id: String, contentHash: String) {
        self.id = id
        self.contentHash = contentHash
    }
}

/// The usage-policy decision that let a document through, for the audit trail.
public struct PolicyDecisionReference: Sendable, Hashable, Codable {
    /// The policy's id.
    public let policyID: String
    /// Which rule permitted, with the obligations applied, in words.
    public let explanation: String
    /// The decisions themselves, one per action checked, as the policy engine states them (the
    /// policies with their files and content hashes, the rule, the obligations applied); an
    /// empty array for a request recorded before decisions were kept.
    public let decisions: JSONValue
    /// The fingerprint of the tenant's usage policies the decisions were made under
    /// (`PolicySet.fingerprint(ofTenant:)`); `nil` for a request decided before it was kept.
    public let policyFingerprint: String?

    /// Creates a reference.
    public init(policyID: String, explanation: String, decisions: JSONValue = .array([]), policyFingerprint: String? = nil) {
        self.policyID = policyID
        self.explanation = explanation
        self.decisions = decisions
        self.policyFingerprint = policyFingerprint
    }

    private enum CodingKeys: String, CodingKey { case policyID, explanation, decisions, policyFingerprint }

    /// Decodes a reference; one written before decisions were kept has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        policyID = try container.decode(String.self, forKey: .policyID)
        explanation = try container.decode(String.self, forKey: .explanation)
        let text = try container.decodeIfPresent(String.self, forKey: .decisions)
        decisions = text.flatMap { try? JSONParser().parse($0) } ?? .array([])
        policyFingerprint = try container.decodeIfPresent(String.self, forKey: .policyFingerprint)
    }

    /// Encodes the reference, the decisions as JSON text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(policyID, forKey: .policyID)
        try container.encode(explanation, forKey: .explanation)
        try container.encode(decisions.jsonText, forKey: .decisions)
        try container.encodeIfPresent(policyFingerprint, forKey: .policyFingerprint)
    }
}
