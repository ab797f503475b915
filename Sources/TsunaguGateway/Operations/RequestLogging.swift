import Hummingbird
import Logging

/// The logger of the request being handled, so code below the routes (the backend, the release
/// gate) logs with the request id without passing a logger through every call.
public enum RequestLogging {
    /// The current request's logger, if a request is being handled.
    @TaskLocal public static var logger: Logger?
}

/// Makes the request's logger (which carries `hb.request.id`) the task-local ``RequestLogging/logger``.
struct RequestLoggerMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await RequestLogging.$logger.withValue(context.logger) {
            try await next(request, context)
        }
    }
}
