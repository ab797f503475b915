import Foundation
import TsunaguCore

/// The snapshot of a relay request the store keeps, written with the core JSON writer: it is
/// written at every step, so it must cost microseconds (Foundation's `JSONEncoder` cost a
/// quarter of a millisecond per step). Documents are embedded as JSON, numbers exactly as they came.
extension RelayRequest {
    /// The version of the snapshot format.
    static let snapshotFormat = 2

    /// The request as snapshot JSON.
    public var snapshot: JSONValue {
        var json: JSONObject = [
            "format": .number(JSONNumber(Self.snapshotFormat)), "id": .string(id), "tenant": .string(tenant),
            "requester": requester.snapshot, "query": query.snapshot, "received": .time(received), "deadline": .time(deadline),
            "retryPolicy": retryPolicy.snapshot, "state": state.snapshot, "updated": .time(updated),
        ]
        if let lastFailure { json["lastFailure"] = lastFailure.snapshot }
        if let acceptedAttempt { json["acceptedAttempt"] = .number(JSONNumber(acceptedAttempt)) }
        return .object(json)
    }

    /// The request a snapshot holds. - Throws: ``SnapshotProblem`` naming what is missing or malformed.
    init(snapshot json: JSONValue) throws(SnapshotProblem) {
        let reader = SnapshotReader(json)
        guard try reader.int("format") == Self.snapshotFormat else { throw SnapshotProblem("unknown snapshot format") }
        self.init(
            id: try reader.string("id"), tenant: try reader.string("tenant"), requester: try RelayRequester(snapshot: reader.value("requester")),
            query: try ProductQuery(snapshot: reader.value("query")), received: try reader.time("received"), deadline: try reader.time("deadline"),
            retryPolicy: try RetryPolicy(snapshot: reader.value("retryPolicy"))
        )
        restore(state: try RelayState(snapshot: reader.value("state")), updated: try reader.time("updated"),
                lastFailure: try reader.optional("lastFailure").map(UpstreamFailure.init(snapshot:)),
                acceptedAttempt: reader.optional("acceptedAttempt") == nil ? nil : try reader.int("acceptedAttempt"))
    }
}

/// Why a snapshot cannot be read.
struct SnapshotProblem: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Typed reads of snapshot members.
struct SnapshotReader {
    let json: JSONValue

    init(_ json: JSONValue) {
        self.json = json
    }

    func value(_ key: String) throws(SnapshotProblem) -> JSONValue {
        guard let value = json[key], value != .null else { throw SnapshotProblem("'\(key)' is missing") }
        return value
    }

    func optional(_ key: String) -> JSONValue? {
        json[key].flatMap { $0 == .null ? nil : $0 }
    }

    func string(_ key: String) throws(SnapshotProblem) -> String {
        guard let text = try value(key).stringValue else { throw SnapshotProblem("'\(key)' is not a string") }
        return text
    }

    func int(_ key: String) throws(SnapshotProblem) -> Int {
        guard let number = try value(key).numberValue, let int = Int(number.text) else { throw SnapshotProblem("'\(key)' is not an integer") }
        return int
    }

    func double(_ key: String) throws(SnapshotProblem) -> Double {
        guard let number = try value(key).numberValue, let double = Double(number.text) else { throw SnapshotProblem("'\(key)' is not a number") }
        return double
    }

    func time(_ key: String) throws(SnapshotProblem) -> Date {
        Date(timeIntervalSince1970: try double(key) / 1000)
    }

    func model(_ key: String) throws(SnapshotProblem) -> ModelID {
        guard let model = ModelID(try string(key)) else { throw SnapshotProblem("'\(key)' is not a model id") }
        return model
    }
}

extension JSONValue {
    /// A time as milliseconds since 1970 (with the fraction, so a time reads back equal), as snapshots keep it.
    static func time(_ date: Date) -> JSONValue {
        let milliseconds = date.timeIntervalSince1970 * 1000
        return .number(JSONNumber(text: "\(milliseconds)") ?? JSONNumber(Int(milliseconds.rounded())))
    }
}

extension RelayRequester {
    var snapshot: JSONValue {
        var reply: JSONObject
        switch replyAddress {
        case .pactEvents(let baseURL, let requestEventID): reply = ["kind": "pactEvents", "baseURL": .string(baseURL), "id": .string(requestEventID)]
        case .catenaXExchange(let endpoint, let requestID): reply = ["kind": "catenaXExchange", "endpoint": .string(endpoint), "id": .string(requestID)]
        case .ouranosTrade(let tradeID): reply = ["kind": "ouranosTrade", "id": .string(tradeID)]
        }
        return ["protocol": .string(`protocol`.rawValue), "identity": .string(identity), "model": .string(model.description), "replyAddress": .object(reply)]
    }

    init(snapshot json: JSONValue) throws(SnapshotProblem) {
        let reader = SnapshotReader(json)
        guard let kind = RequesterProtocol(rawValue: try reader.string("protocol")) else { throw SnapshotProblem("unknown requester protocol") }
        let reply = SnapshotReader(try reader.value("replyAddress"))
        let address: ReplyAddress
        switch try reply.string("kind") {
        case "pactEvents": address = .pactEvents(baseURL: try reply.string("baseURL"), requestEventID: try reply.string("id"))
        case "catenaXExchange": address = .catenaXExchange(endpoint: try reply.string("endpoint"), requestID: try reply.string("id"))
        case "ouranosTrade": address = .ouranosTrade(tradeID: try reply.string("id"))
        default: throw SnapshotProblem("unknown reply address")
        }
        self.init(protocol: kind, identity: try reader.string("identity"), model: try reader.model("model"), replyAddress: address)
    }
}

extension ProductQuery {
    var snapshot: JSONValue {
        var json: JSONObject = ["productIds": .array(productIDs.map(JSONValue.string)), "classifications": .array(classifications.map(JSONValue.string))]
        if let companyID { json["companyId"] = .string(companyID) }
        if let conditions { json["conditions"] = conditions }
        if let customerPartID { json["customerPartId"] = .string(customerPartID) }
        return .object(json)
    }

    init(snapshot json: JSONValue) throws(SnapshotProblem) {
        let reader = SnapshotReader(json)
        func strings(_ key: String) throws(SnapshotProblem) -> [String] {
            guard let list = try reader.value(key).arrayValue?.compactMap(\.stringValue) else { throw SnapshotProblem("'\(key)' is not a list") }
            return list
        }
        self.init(
            productIDs: try strings("productIds"), companyID: reader.optional("companyId")?.stringValue, classifications: try strings("classifications"),
            conditions: reader.optional("conditions"), customerPartID: reader.optional("customerPartId")?.stringValue)
    }
}

extension RetryPolicy {
    var snapshot: JSONValue {
        [
            "maxAttempts": .number(JSONNumber(maxAttempts)), "attemptTimeout": .number(JSONNumber(text: "\(attemptTimeout)") ?? JSONNumber(10)),
            "initialBackoff": .number(JSONNumber(text: "\(initialBackoff)") ?? JSONNumber(0)), "multiplier": .number(JSONNumber(text: "\(multiplier)") ?? JSONNumber(2)),
            "maxBackoff": .number(JSONNumber(text: "\(maxBackoff)") ?? JSONNumber(5)), "jitter": .number(JSONNumber(text: "\(jitter)") ?? JSONNumber(0)),
        ]
    }

    init(snapshot json: JSONValue) throws(SnapshotProblem) {
        let reader = SnapshotReader(json)
        self.init(
            maxAttempts: try reader.int("maxAttempts"), attemptTimeout: try reader.double("attemptTimeout"), initialBackoff: try reader.double("initialBackoff"),
            multiplier: try reader.double("multiplier"), maxBackoff: try reader.double("maxBackoff"), jitter: try reader.double("jitter")
        )
    }
}

extension UpstreamFailure {
    var snapshot: JSONValue { ["kind": .string(kind.rawValue), "message": .string(message)] }

    init(snapshot json: JSONValue) throws(SnapshotProblem) {
        let reader = SnapshotReader(json)
        guard let kind = Kind(rawValue: try reader.string("kind")) else { throw SnapshotProblem("unknown failure kind") }
        self.init(kind, try reader.string("message"))
    }
}

extension RelayRejection {
    var snapshot: JSONValue {
        var json: JSONObject = ["reason": .string(reason.rawValue), "message": .string(message)]
        if let audit { json["audit"] = audit }
        return .object(json)
    }

    init(snapshot json: JSONValue) throws(SnapshotProblem) {
        let reader = SnapshotReader(json)
        guard let reason = Reason(rawValue: try reader.string("reason")) else { throw SnapshotProblem("unknown rejection reason") }
        self.init(reason, try reader.string("message"), audit: json["audit"])
    }
}

extension RelaySource {
    var snapshot: JSONValue {
        switch self {
        case .tenantStore: "store"
        case .partner(let name): .string("partner:" + name)
        }
    }

    init(snapshot json: JSONValue) throws(SnapshotProblem) {
        guard let text = json.stringValue else { throw SnapshotProblem("a source is not a string") }
        if text == "store" {
            self = .tenantStore
        } else if text.hasPrefix("partner:") {
            self = .partner(String(text.dropFirst("partner:".count)))
        } else {
            throw SnapshotProblem("unknown source '\(text)'")
        }
    }
}

extension RelayDocument {
    var snapshot: JSONValue { ["model": .string(model.description), "json": json] }

    init(snapshot json: JSONValue) throws(SnapshotProblem) {
        let reader = SnapshotReader(json)
        self.init(json: try reader.value("json"), model: try reader.model("model"))
    }
}

extension MappingReference {
    var snapshot: JSONValue { ["id": .string(id), "contentHash": .string(contentHash)] }

    init(snapshot json: JSONValue) throws(SnapshotProblem) {
        let reader = SnapshotReader(json)
        self.init(id: try reader.string("id"), contentHash: try reader.string("contentHash"))
    }
}

extension RelayState {
    var snapshot: JSONValue {
        var json: JSONObject = ["name": .string(name)]
        switch self {
        case .received, .authorised:
            break
        case .fetching(let source, let attempt):
            json["source"] = source.snapshot
            json["attempt"] = .number(JSONNumber(attempt))
        case .backingOff(let source, let attempt, let retryAt):
            json["source"] = source.snapshot
            json["attempt"] = .number(JSONNumber(attempt))
            json["retryAt"] = .time(retryAt)
        case .translating(let source, let upstream):
            json["source"] = source.snapshot
            json["document"] = upstream.snapshot
        case .checkingPolicy(let source, let canonical, let mapping):
            json["source"] = source.snapshot
            json["document"] = canonical.snapshot
            if let mapping { json["mapping"] = mapping.snapshot }
        case .policyChecked(let source, let canonical, let decision):
            json["source"] = source.snapshot
            json["document"] = canonical.snapshot
            var reference: JSONObject = ["policyId": .string(decision.policyID), "explanation": .string(decision.explanation), "decisions": decision.decisions]
            if let fingerprint = decision.policyFingerprint { reference["policyFingerprint"] = .string(fingerprint) }
            json["decision"] = .object(reference)
        case .delivered(let document, let mapping, let footprint):
            json["document"] = document.snapshot
            if let mapping { json["mapping"] = mapping.snapshot }
            if let id = footprint?.id { json["footprintId"] = .string(id) }
            if let fingerprint = footprint?.policyFingerprint { json["policyFingerprint"] = .string(fingerprint) }
        case .rejected(let rejection), .failed(let rejection), .expired(let rejection):
            json["rejection"] = rejection.snapshot
        }
        return .object(json)
    }

    init(snapshot json: JSONValue) throws(SnapshotProblem) {
        let reader = SnapshotReader(json)
        func source() throws(SnapshotProblem) -> RelaySource { try RelaySource(snapshot: reader.value("source")) }
        func document() throws(SnapshotProblem) -> RelayDocument { try RelayDocument(snapshot: reader.value("document")) }
        func mapping() throws(SnapshotProblem) -> MappingReference? { try reader.optional("mapping").map(MappingReference.init(snapshot:)) }
        func rejection() throws(SnapshotProblem) -> RelayRejection { try RelayRejection(snapshot: reader.value("rejection")) }
        switch try reader.string("name") {
        case "received": self = .received
        case "authorised": self = .authorised
        case "fetching": self = .fetching(source: try source(), attempt: try reader.int("attempt"))
        case "backingOff": self = .backingOff(source: try source(), attempt: try reader.int("attempt"), retryAt: try reader.time("retryAt"))
        case "translating": self = .translating(source: try source(), upstream: try document())
        case "checkingPolicy": self = .checkingPolicy(source: try source(), canonical: try document(), mapping: try mapping())
        case "policyChecked":
            let decision = SnapshotReader(try reader.value("decision"))
            self = .policyChecked(
                source: try source(), canonical: try document(),
                decision: PolicyDecisionReference(
                    policyID: try decision.string("policyId"), explanation: try decision.string("explanation"),
                    decisions: decision.optional("decisions") ?? .array([]), policyFingerprint: decision.optional("policyFingerprint")?.stringValue)
            )
        case "delivered":
            let id = reader.optional("footprintId")?.stringValue
            let fingerprint = reader.optional("policyFingerprint")?.stringValue
            let footprint = id == nil && fingerprint == nil ? nil : DeliveredFootprint(id: id, policyFingerprint: fingerprint)
            self = .delivered(document: try document(), mapping: try mapping(), footprint: footprint)
        case "rejected": self = .rejected(try rejection())
        case "failed": self = .failed(try rejection())
        case "expired": self = .expired(try rejection())
        case let other: throw SnapshotProblem("unknown state '\(other)'")
        }
    }
}
