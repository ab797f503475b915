import Foundation
import HTTPTypes
import Hummingbird
import TsunaguCore

extension OuranosHostRoutes {
    /// The page a list call asks for: `limit` (1–100, default 100) items after the item whose id
    /// is `after`.
    /// - Throws: `badRequest` for a `limit` out of range.
    static func pageRequest(_ query: [String: String]) throws(OuranosError) -> OuranosPageRequest {
        var limit = maximumLimit
        if let text = query["limit"] {
            guard let number = Int(text), (1...maximumLimit).contains(number) else {
                throw OuranosError.badRequest("Invalid request parameters, limit: must be an integer from 1 to \(maximumLimit), found '\(text.prefix(20))'")
            }
            limit = number
        }
        return OuranosPageRequest(limit: limit, after: query["after"])
    }

    /// One page of `items` as Ouranos pages lists: `limit` (1–100) items after the item whose id
    /// is `after`, and a `link` header to the next page when more follow.
    func page<Item: Sendable & Hashable>(_ items: [Item], id: (Item) -> String, json: (Item) -> JSONValue, request: Request, query: [String: String]) throws(OuranosError) -> Response {
        let pageRequest = try Self.pageRequest(query)
        return respond(try OuranosPage(of: items, id: id, request: pageRequest), limit: pageRequest.limit, id: id, json: json, request: request, query: query)
    }

    /// A page as the answer to a list call, with a `link` header to the next page when more follow.
    func respond<Item>(_ page: OuranosPage<Item>, limit: Int, id: (Item) -> String, json: (Item) -> JSONValue, request: Request, query: [String: String]) -> Response {
        var headers = HTTPFields()
        if page.hasMore, let last = page.items.last {
            headers[.link] = "<\(nextLink(request, query: query, limit: limit, after: id(last)))>; rel=\"next\""
        }
        return .json(.array(page.items.map(json)), headers: headers)
    }

    private func nextLink(_ request: Request, query: [String: String], limit: Int, after: String) -> String {
        let base = publicBaseURL ?? "https://\(request.head.authority ?? "localhost")"
        var components = URLComponents()
        let kept = query.filter { !["dataTarget", "limit", "after"].contains($0.key) }.sorted { $0.key < $1.key }
        components.queryItems = [URLQueryItem(name: "dataTarget", value: query["dataTarget"])]
            + kept.map { URLQueryItem(name: $0.key, value: $0.value) }
            + [URLQueryItem(name: "limit", value: String(limit)), URLQueryItem(name: "after", value: after)]
        return "\(base)\(request.uri.path)?\(components.percentEncodedQuery ?? "")"
    }
}
