import Foundation
import TsunaguCore

extension DecisionRequest {
    /// Reads a request written as JSON (the format of `tsunagu policy eval --request` and of the
    /// `request` of policy test cases; see Policies/README.md). Unknown members are errors.
    /// - Parameter defaultTime: the request time when the document gives no `time`.
    /// - Throws: every problem found, each with its JSON Pointer.
    public init(json: JSONValue, defaultTime: Date) throws(DiagnosticsError) {
        var reader = RequestReader()
        let request = reader.request(json, defaultTime: defaultTime)
        guard let request, reader.problems.isEmpty else { throw DiagnosticsError(reader.problems) }
        self = request
    }
}

/// Reads the request format, collecting problems.
private struct RequestReader {
    var problems: [Diagnostic] = []

    mutating func problem(_ pointer: JSONPointer, _ message: String) {
        problems.append(Diagnostic(pointer: pointer, message: message))
    }

    mutating func object(_ value: JSONValue?, at pointer: JSONPointer, allowed: [String]) -> JSONObject? {
        guard case .object(let members)? = value else {
            problem(pointer, "must be an object")
            return nil
        }
        for key in members.keys.sorted() where !allowed.contains(key) {
            problem(pointer.appending(key), "unknown member `\(key)`; expected one of \(allowed.joined(separator: ", "))")
        }
        return members
    }

    mutating func text(_ members: JSONObject, _ key: String, at pointer: JSONPointer, required: Bool = false) -> String? {
        guard let value = members[key] else {
            if required { problem(pointer.appending(key), "is required") }
            return nil
        }
        guard let text = value.stringValue else {
            problem(pointer.appending(key), "must be a string")
            return nil
        }
        return text
    }

    mutating func texts(_ members: JSONObject, _ key: String, at pointer: JSONPointer) -> [String] {
        guard let value = members[key] else { return [] }
        guard let items = value.arrayValue else {
            problem(pointer.appending(key), "must be an array of strings")
            return []
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            if let text = item.stringValue { result.append(text) } else { problem(pointer.appending(key).appending(index), "must be a string") }
        }
        return result
    }

    mutating func date(_ members: JSONObject, _ key: String, at pointer: JSONPointer) -> Date? {
        guard let text = text(members, key, at: pointer) else { return nil }
        guard let date = TimeText.parse(text) else {
            problem(pointer.appending(key), "`\(text)` is not an RFC 3339 date-time")
            return nil
        }
        return date
    }

    mutating func ecosystem(_ members: JSONObject, _ key: String, at pointer: JSONPointer, fallback: Ecosystem?) -> Ecosystem? {
        guard let text = text(members, key, at: pointer, required: fallback == nil) else { return fallback }
        guard let ecosystem = Ecosystem(rawValue: text) else {
            problem(pointer.appending(key), "unknown ecosystem `\(text)`; expected pact, catenax or ouranos")
            return nil
        }
        return ecosystem
    }

    mutating func request(_ json: JSONValue, defaultTime: Date) -> DecisionRequest? {
        guard let root = object(json, at: .root, allowed: ["action", "time", "requester", "footprint"]) else { return nil }
        var action: PolicyAction?
        if let text = text(root, "action", at: .root, required: true) {
            action = PolicyAction(rawValue: text)
            if action == nil { problem(JSONPointer(tokens: ["action"]), "the action must be use or distribute") }
        }
        let time = date(root, "time", at: .root) ?? defaultTime
        let requesterPointer = JSONPointer(tokens: ["requester"])
        let requester = object(root["requester"], at: requesterPointer, allowed: [
            "ecosystem", "tenant", "clientId", "bpn", "bpnGroups", "corporateNumber", "memberships",
            "frameworkAgreements", "usagePurposes", "contractReferences", "contractStart",
        ]).map { members in
            Requester(
                ecosystem: ecosystem(members, "ecosystem", at: requesterPointer, fallback: nil) ?? .pact,
                tenant: text(members, "tenant", at: requesterPointer, required: true) ?? "",
                clientID: text(members, "clientId", at: requesterPointer),
                businessPartnerNumber: text(members, "bpn", at: requesterPointer),
                businessPartnerGroups: Set(texts(members, "bpnGroups", at: requesterPointer)),
                corporateNumber: text(members, "corporateNumber", at: requesterPointer),
                memberships: Set(texts(members, "memberships", at: requesterPointer)),
                frameworkAgreements: Set(texts(members, "frameworkAgreements", at: requesterPointer).map(FrameworkAgreement.init)),
                usagePurposes: Set(texts(members, "usagePurposes", at: requesterPointer)),
                contractReferences: Set(texts(members, "contractReferences", at: requesterPointer)),
                contractStart: date(members, "contractStart", at: requesterPointer))
        }
        let footprintPointer = JSONPointer(tokens: ["footprint"])
        let footprint = object(root["footprint"], at: footprintPointer, allowed: ["tenant", "id", "productIds", "classifications", "originEcosystem"]).map { members in
            FootprintFacts(
                tenant: text(members, "tenant", at: footprintPointer, required: true) ?? "",
                footprintID: text(members, "id", at: footprintPointer) ?? "",
                productIDs: texts(members, "productIds", at: footprintPointer),
                classifications: texts(members, "classifications", at: footprintPointer),
                originEcosystem: ecosystem(members, "originEcosystem", at: footprintPointer, fallback: .pact) ?? .pact)
        }
        guard let action, let requester, let footprint else { return nil }
        return DecisionRequest(action: action, requester: requester, time: time, footprint: footprint)
    }
}

extension DecisionRequest {
    /// Reads a request file's text: JSON, or YAML of the same structure when `isYAML`.
    public init(text: String, isYAML: Bool, defaultTime: Date) throws(DiagnosticsError) {
        let json: JSONValue
        if isYAML {
            json = try YAMLDocument(text: text).root
        } else {
            do {
                json = try JSONParser().parse(text)
            } catch {
                throw DiagnosticsError([Diagnostic(line: error.line, message: error.description)])
            }
        }
        try self.init(json: json, defaultTime: defaultTime)
    }
}
