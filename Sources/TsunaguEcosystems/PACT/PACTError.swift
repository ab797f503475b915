/// A refusal in PACT's own vocabulary: an HTTP status and a `{"code", "message"}` body.
///
/// The message always says what was wrong and, where it can, what to do instead.
public struct PACTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The PACT error code (`BadRequest`, `AccessDenied`, `TokenExpired`, `NoSuchFootprint`/`NotFound`, `NotImplemented`, `InternalError`).
    public let code: String
    /// The HTTP status that goes with the code.
    public let status: Int
    /// What was wrong.
    public let message: String

    /// Creates an error; prefer the named constructors.
    public init(code: String, status: Int, message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    /// 400: the request is malformed.
    public static func badRequest(_ message: String) -> PACTError { PACTError(code: "BadRequest", status: 400, message: message) }
    /// 401 (or 403 for v2 clients' expectations, see the host): the token is missing or invalid.
    public static func accessDenied(_ message: String) -> PACTError { PACTError(code: "AccessDenied", status: 403, message: message) }
    /// 401: the token has expired.
    public static func tokenExpired(_ message: String) -> PACTError { PACTError(code: "TokenExpired", status: 401, message: message) }
    /// 404 with the version's not-found code.
    public static func notFound(_ message: String, version: PACTVersion) -> PACTError {
        PACTError(code: version.notFoundCode, status: 404, message: message)
    }
    /// 400: a page link starts after a footprint the host cannot place in its list.
    public static func unplacedPage(after id: String) -> PACTError {
        badRequest("the page starts after footprint '\(id)', which this host does not list: list the footprints again from the first page")
    }
    /// 501: the function is not offered.
    public static func notImplemented(_ message: String) -> PACTError { PACTError(code: "NotImplemented", status: 501, message: message) }
    /// 500: the gateway failed; the message names what failed without internals.
    public static func internalError(_ message: String) -> PACTError { PACTError(code: "InternalError", status: 500, message: message) }

    /// The error codes of PACT v2 and v3 (v2's `NoSuchFootprint` is v3's `NotFound`): a partner's
    /// RequestRejected is read whichever version's name it uses.
    public static let rejectionCodes: Set<String> = ["BadRequest", "AccessDenied", "TokenExpired", "NoSuchFootprint", "NotFound", "InternalError", "NotImplemented"]

    public var description: String { "\(status) \(code): \(message)" }
}
