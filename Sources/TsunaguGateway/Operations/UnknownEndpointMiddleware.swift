import Hummingbird
import TsunaguEcosystems

/// Answers a request that no route takes in the protocol its path belongs to, instead of an empty
/// 404: PACT's error body under `/2/` and `/3/`, Ouranos's under `/api/v1/` and for another method
/// on `/auth/login` or `/auth/refresh`. Other paths keep the plain 404.
struct UnknownEndpointMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let answer = Self.answer(request) else { throw error }
            return answer
        }
    }

    static func answer(_ request: Request) -> Response? {
        let path = request.uri.path
        if path == "/3" || path.hasPrefix("/3/") { return PACTUnknownEndpoint.response(to: request, version: .v3) }
        if path == "/2" || path.hasPrefix("/2/") { return PACTUnknownEndpoint.response(to: request, version: .v2) }
        // `/auth/` is shared with PACT's `/auth/token`: only Ouranos's own auth paths answer as Ouranos.
        if path.hasPrefix("/api/v1/") || path == "/auth/login" || path == "/auth/refresh" { return OuranosUnknownEndpoint.response(to: request) }
        return nil
    }
}
