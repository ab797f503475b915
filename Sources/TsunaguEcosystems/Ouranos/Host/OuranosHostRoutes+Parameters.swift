import Foundation
import Hummingbird
import TsunaguCore

/// Reading and checking the query parameters and bodies of Ouranos calls.
extension OuranosHostRoutes {
    static func validated<Value>(system: OuranosError.System, _ read: () throws(OuranosModelProblem) -> Value) throws(OuranosError) -> Value {
        do {
            return try read()
        } catch {
            throw OuranosError.badRequest(error.description, system: system)
        }
    }

    static func unexpectedDataTarget(_ dataTarget: String?, method: String) -> OuranosError {
        let served = (method == "PUT" ? writableDataTargets : servedDataTargets).joined(separator: ", ")
        return OuranosError.badRequest("Invalid request parameters, dataTarget: Unexpected query parameter '\(dataTarget?.prefix(40) ?? "")' (this gateway serves \(method) for dataTarget \(served))")
    }

    static func query(_ request: Request) -> [String: String] {
        var values: [String: String] = [:]
        for item in request.uri.queryParameters where values[String(item.key)] == nil {
            values[String(item.key)] = String(item.value)
        }
        return values
    }

    static func traceIDs(_ text: String, name: String) throws(OuranosError) -> [String] {
        let ids = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard ids.count <= maximumTraceIDs else {
            throw OuranosError.badRequest("Invalid request parameters, \(name): at most \(maximumTraceIDs) trace ids, found \(ids.count)")
        }
        for id in ids where !UUIDText.isValid(id) {
            throw OuranosError.badRequest("Invalid request parameters, \(name): '\(id.prefix(40))' is not a trace id (a UUID)")
        }
        return ids
    }

    static func uuid(_ text: String, name: String) throws(OuranosError) -> String {
        guard UUIDText.isValid(text) else { throw OuranosError.badRequest("Invalid request parameters, \(name): '\(text.prefix(40))' is not a UUID") }
        return text.lowercased()
    }

    static func statusQuery(_ query: [String: String]) throws(OuranosError) -> OuranosStatusQuery {
        var target: OuranosStatusQuery.Target?
        if let text = query["statusTarget"] {
            guard let value = OuranosStatusQuery.Target(rawValue: text) else {
                throw OuranosError.badRequest("Invalid request parameters, statusTarget: must be REQUEST or RESPONSE, found '\(text.prefix(20))'")
            }
            target = value
        }
        var statusID = try query["statusId"].map { text throws(OuranosError) in try uuid(text, name: "statusId") }
        var traceID = try query["traceId"].map { text throws(OuranosError) in try uuid(text, name: "traceId") }
        // The API says these filters are effective only in some combinations ("traceId: only with
        // statusTarget=REQUEST"), and Ouranos itself ignores them elsewhere: so does the gateway,
        // rather than refusing a query the partner's own system accepts.
        if target == .request { statusID = nil }
        if target != .request { traceID = nil }
        return OuranosStatusQuery(target: target, statusID: statusID, traceID: traceID)
    }
}
