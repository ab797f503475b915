import Foundation
import TsunaguCore

extension PACTClient {
    /// Posts `event` to the host's events endpoint (`POST /2/events` or `/3/events`) as
    /// `application/cloudevents+json`.
    /// - Returns: the host's answer (200 means accepted).
    /// - Throws: ``PACTClientError/Category/rejected`` with the host's code when it refuses the event.
    @discardableResult
    public func send(event: CloudEvent, version: PACTVersion) async throws(PACTClientError) -> PACTHTTPResponse {
        let request = PACTHTTPRequest(
            method: "POST",
            url: url(version.pathPrefix + "/events"),
            headers: [("Content-Type", "application/cloudevents+json; charset=UTF-8"), ("Accept", "application/json")],
            body: JSONWriter().bytes(event.json)
        )
        let response = try await sendAuthorized(request)
        try requireSuccess(response)
        return response
    }
}

extension CloudEvent {
    /// A data recipient's request for footprints (`RequestCreated`), answered later by the host
    /// with `RequestFulfilled` or `RequestRejected` on the requester's own events endpoint.
    /// - Parameters:
    ///   - id: the event id; the answer echoes it as `requestEventId`.
    ///   - source: the requester's events endpoint (`//host/path` or a URL).
    public static func requestCreated(version: PACTVersion, criteria: PACTFootprintQuery, comment: String? = nil, id: String = CloudEvent.newID(), source: String, time: Date = Date()) -> CloudEvent {
        CloudEvent(type: version.eventType(.requestCreated), id: id, source: source, time: Timestamp.format(time), data: criteria.requestData(for: version, comment: comment))
    }

    /// A data owner's answer with the requested footprints (`RequestFulfilled`); `footprints` must not be empty.
    public static func requestFulfilled(version: PACTVersion, requestEventID: String, footprints: [JSONValue], id: String = CloudEvent.newID(), source: String, time: Date = Date()) -> CloudEvent {
        CloudEvent(
            type: version.eventType(.requestFulfilled), id: id, source: source, time: Timestamp.format(time),
            data: ["requestEventId": .string(requestEventID), "pfs": .array(footprints)]
        )
    }

    /// A data owner's refusal of a request (`RequestRejected`) with PACT's error `code` and `message`.
    public static func requestRejected(version: PACTVersion, requestEventID: String, code: String, message: String, id: String = CloudEvent.newID(), source: String, time: Date = Date()) -> CloudEvent {
        CloudEvent(
            type: version.eventType(.requestRejected), id: id, source: source, time: Timestamp.format(time),
            data: ["requestEventId": .string(requestEventID), "error": ["code": .string(code), "message": .string(message)]]
        )
    }

    /// A data owner's notice that footprints were published or changed (`Published`); ids are UUIDs.
    public static func published(version: PACTVersion, footprintIDs: [String], id: String = CloudEvent.newID(), source: String, time: Date = Date()) -> CloudEvent {
        CloudEvent(
            type: version.eventType(.published), id: id, source: source, time: Timestamp.format(time),
            data: ["pfIds": .array(footprintIDs.map { .string($0) })]
        )
    }

    /// A fresh event id (a lower-case UUID).
    public static func newID() -> String { UUID().uuidString.lowercased() }
}
