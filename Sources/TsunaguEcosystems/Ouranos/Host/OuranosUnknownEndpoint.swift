import Foundation
import HTTPTypes
import Hummingbird
import TsunaguCore

/// The answer to a request under `/api/v1/` or `/auth/` that no endpoint takes (an unknown path,
/// or a method the path does not have): Ouranos's own 404, `[dataspace] NotFound` or
/// `[auth] NotFound`, with the usual `detail` and `x-track`.
public enum OuranosUnknownEndpoint {
    /// The header Ouranos answers with to name a call when asking its operator about it.
    static var trackHeader: HTTPField.Name { HTTPField.Name("x-track") ?? .via }

    public static func response(to request: Request) -> Response {
        let system: OuranosError.System = request.uri.path.hasPrefix("/auth/") ? .auth : .dataspace
        let error = OuranosError.notFound("Endpoint Not Found: \(request.method.rawValue) \(request.uri.path)", system: system)
        let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        let dataTarget = request.uri.queryParameters["dataTarget"].map(String.init)
        var response = Response.json(
            error.body(operatorID: nil, timeStamp: stamp, dataTarget: dataTarget, method: request.method.rawValue), status: HTTPResponse.Status(code: error.status))
        response.headers[trackHeader] = UUID().uuidString.lowercased()
        return response
    }
}
