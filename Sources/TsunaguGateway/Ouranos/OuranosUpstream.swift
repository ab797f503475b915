import AsyncHTTPClient
import Foundation
import Logging
import TsunaguCore
import TsunaguEcosystems
import TsunaguRelay
import TsunaguStore

/// Asks Ouranos-side suppliers for CFPs, as an Ouranos buyer does: log in with the partner's
/// outbound account, find the supplier by its corporate number, register the part asked about
/// (a parent "Tsunagu relay request" with the product as its child, `partsName` = the product id),
/// put a trade request about the child, poll its status until it is answered or the attempt's
/// deadline, and read the CFP.
///
/// Outbound credentials: `outboundClientId` is the operator account, `outboundSecretEnv` names the
/// variable with its password, `outboundApiKeyEnv` the variable with the system's `apiKey`.
/// A trade request is made once per relay request and partner: the trade opened is recorded in
/// the store until the fetch reaches a final outcome, so a retry after a timeout, also one after a
/// restart, polls the same trade. When the store cannot say whether a trade was opened, or cannot
/// record one just opened, the attempt fails transiently rather than risk opening a second trade.
public actor OuranosUpstream: UpstreamFetcher {
    private struct Session {
        let key: String
        let client: OuranosClient
        let accessToken: String
        let account: OuranosOperator
    }

    struct PendingTrade {
        let partner: String
        let statusID: String
        let traceID: String
        let supplier: OuranosOperator
        let productID: String
        let started: Date
    }

    /// How long a trade made for a relay request is remembered for its retries; a relay request
    /// ends long before (its deadline), so older entries belong to requests that expired.
    static let pendingLifetime: TimeInterval = 24 * 3600

    private let httpClient: HTTPClient
    private let environment: [String: String]
    private let settings: OuranosSettings
    let store: any OuranosStore
    let logger: Logger
    private var sessions: [String: Session] = [:]
    /// Trades opened that the store could not record yet, by relay request id and partner: a retry
    /// in this process polls them and records them again.
    var unrecorded: [PendingTradeKey: PendingTrade] = [:]

    struct PendingTradeKey: Hashable {
        let relayRequestID: String
        let partner: String
    }

    /// Creates the fetcher.
    /// - Parameters:
    ///   - environment: where partners' passwords and API keys are read, by the variable names they register.
    ///   - settings: the poll interval and the tenants' plant ids.
    ///   - store: where the trades opened for relay requests are kept until their fetch ends.
    public init(httpClient: HTTPClient, environment: [String: String], settings: OuranosSettings, store: any OuranosStore, logger: Logger) {
        self.httpClient = httpClient
        self.environment = environment
        self.settings = settings
        self.store = store
        self.logger = logger
    }

    public func fetch(_ query: ProductQuery, from partner: Partner, relayRequestID: String, attempt: Int, deadline: Date) async -> UpstreamFetchOutcome {
        guard let corporateNumber = partner.corporateNumber else {
            return .failure(UpstreamFailure(.notConfigured, "partner '\(partner.name)' has no corporate number to ask for"))
        }
        guard let productID = query.productIDs.first(where: { !$0.isEmpty && $0.count <= 50 }) else {
            return .failure(UpstreamFailure(
                .notFound, "product \(query.productIDs.joined(separator: ", ")) cannot be asked of Ouranos partner '\(partner.name)': a part number holds 1 to 50 characters"
            ))
        }
        let key = PendingTradeKey(relayRequestID: relayRequestID, partner: partner.name)
        let known: PendingTrade?
        do {
            known = try await pendingTrade(key)
        } catch {
            return .failure(UpstreamFailure(
                .unavailable, "the gateway's store cannot say whether a trade request for relay request \(relayRequestID) is open at partner '\(partner.name)': \(error)"
            ))
        }
        do {
            let trade: PendingTrade
            if let known {
                trade = known
            } else {
                trade = try await withSession(partner) { session throws(OuranosClientError) in
                    try await self.startTrade(session: session, supplierNumber: corporateNumber, productID: productID, partner: partner, relayRequestID: relayRequestID, deadline: deadline)
                }
                if let failure = await record(trade, key) { return .failure(failure) }
            }
            let outcome = try await poll(trade, partner: partner, deadline: deadline)
            if case .failure(let failure) = outcome, failure.isTransient { return outcome }
            await forget(key)
            return outcome
        } catch {
            if !error.isTransient { await forget(key) }
            return .failure(Self.failure(error, partner: partner.name))
        }
    }

    // MARK: Steps

    private func startTrade(
        session: Session, supplierNumber: CorporateNumber, productID: String, partner: Partner, relayRequestID: String, deadline: Date
    ) async throws(OuranosClientError) -> PendingTrade {
        let supplier = try await session.client.operatorInfo(corporateNumber: supplierNumber, accessToken: session.accessToken)
        let plantID = settings.operators[partner.tenant]?.plantID ?? DerivedUUID.make("tsunagu-ouranos-plant", session.account.operatorID)
        let structure = OuranosPartsStructure(
            parent: OuranosPart(
                operatorID: session.account.operatorID, plantID: plantID, partsName: "Tsunagu relay request", supportPartsName: relayRequestID,
                amountRequired: nil, amountRequiredUnit: nil, partsLabelName: "Tsunagu relay request"
            ),
            children: [
                OuranosPart(
                    operatorID: session.account.operatorID, plantID: plantID, partsName: productID, supportPartsName: nil,
                    amountRequired: JSONNumber(1), amountRequiredUnit: "unit"
                )
            ]
        )
        let registered = try await session.client.putPartsStructure(structure, accessToken: session.accessToken)
        guard let traceID = registered.children.first?.traceID else { throw OuranosClientError.invalidResponse("the supplier's system assigned no trace id") }
        let request = OuranosTradeRequest(
            downstreamOperatorID: session.account.operatorID, upstreamOperatorID: supplier.operatorID, downstreamTraceID: traceID,
            message: "CFP of \(productID), relayed by Tsunagu (request \(relayRequestID))", responseDueDate: Self.day(deadline)
        )
        let receipt = try await session.client.putTradeRequest(request, accessToken: session.accessToken)
        return PendingTrade(partner: partner.name, statusID: receipt.status.statusID, traceID: traceID, supplier: supplier, productID: productID, started: Date())
    }

    /// Polls the trade's status until it is answered; a timeout failure when `deadline` comes first.
    private func poll(_ trade: PendingTrade, partner: Partner, deadline: Date) async throws(OuranosClientError) -> UpstreamFetchOutcome {
        let what = "partner '\(partner.name)'"
        while true {
            let statuses = try await withSession(partner) { session throws(OuranosClientError) in
                try await session.client.statuses(target: nil, statusID: trade.statusID, accessToken: session.accessToken)
            }
            guard let status = statuses.first(where: { $0.statusID == trade.statusID }) else {
                return .failure(UpstreamFailure(.invalidAnswer, "\(what) does not list the status \(trade.statusID) of its trade request"))
            }
            switch status.responseStatus {
            case .completed:
                let values = try await withSession(partner) { session throws(OuranosClientError) in
                    try await session.client.cfps(traceIDs: [trade.traceID], accessToken: session.accessToken)
                }
                let answer = OuranosSupplierAnswer(supplier: trade.supplier, productID: trade.productID, traceID: trade.traceID, values: values.filter { $0.traceID == trade.traceID })
                do {
                    return .document(RelayDocument(json: try answer.document(), model: partner.model))
                } catch {
                    return .failure(UpstreamFailure(.invalidAnswer, "\(what) answered trade request \(trade.statusID) without a usable CFP: \(error.description)"))
                }
            case .reject:
                let reason = status.replyMessage ?? "no reason given"
                return .failure(UpstreamFailure(Self.looksNotFound(reason) ? .notFound : .refused, "\(what) sent the trade request back: \(reason)"))
            case .cancel:
                return .failure(UpstreamFailure(.refused, "\(what) shows the trade request as cancelled"))
            case .notCompleted:
                let left = deadline.timeIntervalSinceNow
                guard left > 0 else { return .failure(UpstreamFailure(.unreachable, "\(what) has not answered trade request \(trade.statusID) yet")) }
                do {
                    try await Task.sleep(for: .seconds(min(settings.pollIntervalSeconds, left)))
                } catch {
                    return .failure(UpstreamFailure(.unreachable, "\(what) has not answered trade request \(trade.statusID) yet"))
                }
            }
        }
    }

    /// Runs `call` with a logged-in session, logging in again once when the token is refused.
    private func withSession<Value: Sendable>(
        _ partner: Partner, _ call: (Session) async throws(OuranosClientError) -> Value
    ) async throws(OuranosClientError) -> Value {
        let session = try await self.session(for: partner, fresh: false)
        do {
            return try await call(session)
        } catch where error.isUnauthorized {
            return try await call(try await self.session(for: partner, fresh: true))
        }
    }

    private func session(for partner: Partner, fresh: Bool) async throws(OuranosClientError) -> Session {
        let (password, apiKey) = partner.outbound.resolve(in: environment)
        guard let account = partner.outbound.clientID, let password, let apiKey else {
            throw OuranosClientError.refused(
                status: 401, code: "",
                message: "partner '\(partner.name)' needs an outbound account (--outbound-client-id) and the variables of its password and API key set"
            )
        }
        let key = "\(partner.baseURL.absoluteString)|\(account)|\(password.hashValue)|\(apiKey.hashValue)"
        if !fresh, let cached = sessions[partner.name], cached.key == key { return cached }
        let client = OuranosClient(httpClient: httpClient, baseURL: partner.baseURL.absoluteString, apiKey: apiKey)
        let tokens = try await client.login(accountID: account, password: password)
        let me = try await client.currentOperator(accessToken: tokens.accessToken)
        let session = Session(key: key, client: client, accessToken: tokens.accessToken, account: me)
        sessions[partner.name] = session
        return session
    }

    // MARK: Classification

    /// Whether a supplier's reason for sending a request back says that it has no such CFP.
    static func looksNotFound(_ reason: String) -> Bool {
        let text = reason.lowercased()
        return ["no footprint", "not found", "no such", "no routing rule", "no active footprint"].contains { text.contains($0) }
    }

    static func failure(_ error: OuranosClientError, partner: String) -> UpstreamFailure {
        let what = "partner '\(partner)': \(error.description)"
        if error.isTimeout { return UpstreamFailure(.unreachable, what) }
        if error.isTransient { return UpstreamFailure(error.status == nil ? .unreachable : .unavailable, what) }
        switch error.status {
        case 401, 403: return UpstreamFailure(.refused, what)
        case 404: return UpstreamFailure(.notFound, what)
        default: return UpstreamFailure(.invalidAnswer, what)
        }
    }

    /// The deadline's day in Japan (UTC+9, the time Ouranos participants read a date in) as
    /// Ouranos writes dates, `yyyy-mm-dd`: the UTC day would already be yesterday there for a
    /// request made after 15:00 UTC.
    static func day(_ date: Date) -> String {
        String(Timestamp.format(date.addingTimeInterval(9 * 3600)).prefix(10))
    }
}
