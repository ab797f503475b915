import Foundation
import HTTPTypes
import Hummingbird
import TsunaguCore

extension OuranosHostRoutes {
    /// One page of `items` as Ouranos pages lists: `limit` (1–100) items after the item whose id
    /// is `after`, and a `link` header to the next page when more follow.
    func page<Item>(_ items: [Item], id: (Item) -> String, json: (Item) -> JSONValue, request: Request, query: [String: String]) throws(OuranosError) -> Response {
        var limit = Self.maximumLimit
        if let text = query["limit"] {
            guard let number = Int(text), (1...Self.maximumLimit).contains(number) else {
                throw OuranosError.badRequest("Invalid request parameters, limit: must be an integer from 1 to \(Self.maximumLimit), found '\(text.prefix(20))'")
            }
            limit = number
        }
        var start = 0
        if let after = query["after"] {
            guard let index = items.firstIndex(where: { id($0).lowercased() == after.lowercased() }) else {
                throw OuranosError.badRequest("Invalid request parameters, after: '\(after.prefix(40))' is not a position of this list; use the link header of the previous page")
            }
            start = index + 1
        }
        let pageItems = Array(items[start..<min(items.count, start + limit)])
        var headers = HTTPFields()
        if start + limit < items.count, let last = pageItems.last {
            headers[.link] = "<\(nextLink(request, query: query, limit: limit, after: id(last)))>; rel=\"next\""
        }
        return .json(.array(pageItems.map(json)), headers: headers)
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
