import TsunaguCore

/// Which statuses `GET dataTarget=status` asks for.
public struct OuranosStatusQuery: Sendable, Hashable {
    /// Whose side: the caller's own requests (`REQUEST`) or requests made to it (`RESPONSE`).
    public enum Target: String, Sendable, Hashable {
        /// The caller asked (依頼情報).
        case request = "REQUEST"
        /// The caller was asked (回答情報).
        case response = "RESPONSE"
    }

    /// The side, when given.
    public let target: Target?
    /// Only this request, when given.
    public let statusID: String?
    /// Only requests about this downstream trace id (with `target == .request`).
    public let traceID: String?

    /// Creates a query.
    public init(target: Target?, statusID: String?, traceID: String?) {
        self.target = target
        self.statusID = statusID
        self.traceID = traceID
    }
}

/// What the Ouranos host routes need from the gateway: keys, accounts and tokens, operators,
/// and the CFP requests it relays. The routes own the protocol (`dataTarget` dispatch, headers,
/// validation, paging, error bodies); the backend owns the data.
///
/// Lists are in a stable order (newest first, as Ouranos sorts them). Trades are returned whole
/// and paged by the routes with `limit` and `after`; statuses are paged by the backend with the
/// ``OuranosPageRequest`` the routes pass, so that it works out only the page's statuses.
public protocol OuranosHostBackend: Sendable {
    /// Checks the `apiKey` header every call carries.
    /// - Throws: `accessDenied("Invalid key")` for an unknown key.
    func checkAPIKey(_ apiKey: String) async throws(OuranosError)

    /// Logs an operator account in (`POST /auth/login`).
    /// - Throws: `unauthorized("Invalid credentials")` for a wrong account or password.
    func login(accountID: String, password: String) async throws(OuranosError) -> OuranosTokens

    /// A new access token for a refresh token (`POST /auth/refresh`).
    func refresh(refreshToken: String) async throws(OuranosError) -> String

    /// The operator an access token belongs to.
    /// - Throws: `unauthorized("Invalid or expired token")`.
    func authenticate(accessToken: String) async throws(OuranosError) -> OuranosOperator

    /// The operator with a corporate number, as `caller` may see it.
    /// - Throws: `notFound` when no operator has that number.
    func operatorInfo(corporateNumber: CorporateNumber, for caller: OuranosOperator) async throws(OuranosError) -> OuranosOperator

    /// The operators with these internal ids that exist (unknown ids are left out).
    func operators(ids: [String], for caller: OuranosOperator) async throws(OuranosError) -> [OuranosOperator]

    /// Registers or updates `caller`'s parts (their `operatorID` is the caller's, checked by the
    /// routes); parts with a `nil` trace id are new and get one. `replacingChildren` is `true` for
    /// `PUT partsStructure` (the children given become the parent's children) and `false` for
    /// `PUT parts` (only the parent is written).
    /// - Returns: the parts as stored, with their trace ids, in the order given.
    /// - Throws: `badRequest` for a plant that is not the caller's, `notFound` for an unknown trace id.
    func registerParts(_ structure: OuranosPartsStructure, replacingChildren: Bool, for caller: OuranosOperator) async throws(OuranosError) -> OuranosPartsStructure

    /// Records a CFP request from `caller` (its `downstreamOperatorID` is the caller's, checked
    /// by the routes). Returning means it is durably recorded, with ids assigned.
    /// - Throws: `notFound` for an unknown upstream operator, `serviceUnavailable` when it cannot be recorded now.
    func createTradeRequest(_ request: OuranosTradeRequest, for caller: OuranosOperator) async throws(OuranosError) -> OuranosTradeRequestReceipt

    /// The trades `caller` asked about, newest first; only those whose downstream trace id is
    /// in `traceIDs` when it is given.
    func tradeRequests(traceIDs: [String]?, for caller: OuranosOperator) async throws(OuranosError) -> [OuranosTrade]

    /// The page `page` of the statuses of `caller`'s requests matching `query`, newest first
    /// (`OuranosPage(of:id:request:)` cuts it from a whole list, the statuses keyed by `statusID`).
    /// - Throws: `badRequest` when `page.after` is not the status id of a matching request.
    func statuses(_ query: OuranosStatusQuery, page: OuranosPageRequest, for caller: OuranosOperator) async throws(OuranosError) -> OuranosPage<OuranosStatus>

    /// The CFP values of the trace ids `caller` may read (its own parts, with the answers
    /// relayed from upstream as `…Response` values), in the order of `traceIDs`.
    func cfps(traceIDs: [String], for caller: OuranosOperator) async throws(OuranosError) -> [OuranosCFP]
}
