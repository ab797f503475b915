import HTTPTypes
import Hummingbird
import TsunaguCore

/// The answer to a request under `/2/` or `/3/` that no endpoint takes: 404 with the version's
/// error body (`NoSuchFootprint` for v2, `NotFound` for v3), naming the endpoints there are.
public enum PACTUnknownEndpoint {
    public static func response(to request: Request, version: PACTVersion) -> Response {
        let prefix = version.pathPrefix
        let error = PACTError.notFound(
            "no endpoint \(request.method.rawValue) \(request.uri.path); PACT v\(version.rawValue) is served at GET \(prefix)/footprints, GET \(prefix)/footprints/{id} and POST \(prefix)/events",
            version: version)
        return Response.json(["code": .string(error.code), "message": .string(error.message)], status: HTTPResponse.Status(code: error.status))
    }
}
