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
/// put a trade request about the child, poll its status, and read the CFP once it is answered.
///
/// Ouranos suppliers answer trade requests when a person releases the CFP, often hours later:
/// a trade still open near the end of an attempt is handed to a watcher, which looks at its status
/// again at growing intervals (up to ``longestWatchInterval``) for as long as the relay request
/// waits (`relayLaterAnswerDeadlineSeconds`), and hands the answer or the refusal to the relay
/// worker (``LaterAnswerSink``).
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

    /// How long a trade made for a relay request is remembered for its retries and its watcher:
    /// an hour beyond the longest a relay request waits for a later answer, and at least a day.
    /// Older entries belong to requests that expired.
    let tradeLifetime: TimeInterval
    /// The longest a relay request waits for a later answer: the due date of the trades opened.
    let answerWait: TimeInterval
    /// The longest pause between two looks at a watched trade's status.
    static let longestWatchInterval: TimeInterval = 300

    private let httpClient: HTTPClient
    private let environment: [String: String]
    let settings: OuranosSettings
    let store: any OuranosStore
    let logger: Logger
    private var sessions: [String: Session] = [:]
    /// Trades opened that the store could not record yet, by relay request id and partner: a retry
    /// in this process polls them and records them again.
    var unrecorded: [PendingTradeKey: PendingTrade] = [:]
    /// Where answers seen after a fetch returned are handed; without one (a fetcher used on its
    /// own), a trade still open at the end of an attempt fails the attempt as a timeout, and the
    /// next attempt polls it again.
    var sink: (any LaterAnswerSink)?
    /// The trades watched for their answer after their fetch returned.
    var watchers: [PendingTradeKey: Watcher] = [:]
    /// Numbers the watchers started, so a watcher that ends does not remove a later one.
    var watchGeneration = 0

    struct PendingTradeKey: Hashable {
        let relayRequestID: String
        let partner: String
    }

    /// Creates the fetcher.
    /// - Parameters:
    ///   - environment: where partners' passwords and API keys are read, by the variable names they register.
    ///   - settings: the poll interval and the tenants' plant ids.
    ///   - store: where the trades opened for relay requests are kept until their fetch ends.
    ///   - answerWait: the longest a relay request waits for a later answer (`relayLaterAnswerDeadlineSeconds`).
    public init(
        httpClient: HTTPClient, environment: [String: String], settings: OuranosSettings, store: any OuranosStore, logger: Logger,
        answerWait: TimeInterval = 86_400
    ) {
        self.answerWait = answerWait
        self.tradeLifetime = max(24 * 3600, answerWait + 3600)
        self.httpClient = httpClient
        self.environment = environment
        self.settings = settings
        self.store = store
        self.logger = logger
    }

    /// Suppliers answer trade requests when a person releases the CFP.
    public nonisolated var answersLater: Bool { true }

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
        // This attempt looks at the trade itself; a watcher resumes if it is still open at the end.
        stopWatching(key)
        let known: PendingTrade?
        do {
            known = try await pendingTrade(key)
        } catch {
            return .failure(UpstreamFailure(
                .unavailable, "the gateway's store cannot say whether a trade request for relay request \(relayRequestID) is open at partner '\(partner.name)': \(error)"
            ))
        }
        var opened: PendingTrade?
        do {
            let trade: PendingTrade
            if let known {
                trade = known
            } else {
                trade = try await openTrade(supplierNumber: corporateNumber, productID: productID, partner: partner, relayRequestID: relayRequestID, deadline: deadline)
                if let failure = await record(trade, key) { return .failure(failure) }
            }
            opened = trade
            // An attempt that ended while the trade was opened leaves it recorded for the next.
            guard !Task.isCancelled else { return .failure(Self.notAnsweredYet(trade, partner: partner)) }
            guard let outcome = try await poll(trade, partner: partner, deadline: deadline) else {
                return handOver(trade, key, partner: partner)
            }
            if case .failure(let failure) = outcome, failure.isTransient { return outcome }
            await forget(key)
            return outcome
        } catch {
            // A supplier that accepted the trade and cannot be asked for a moment is asked again
            // later, rather than spending the relay's attempts.
            if let opened, error.isTransient, sink != nil, !Task.isCancelled { return handOver(opened, key, partner: partner) }
            if !error.isTransient, !Task.isCancelled { await forget(key) }
            return .failure(Self.failure(error, partner: partner.name))
        }
    }

    // MARK: Steps

    /// Opens the trade in a task of its own that the attempt's end does not cancel: a trade
    /// request the supplier took while its answer was cut off would be opened a second time by the
    /// next attempt. The attempt waits for it (each call is bounded by the HTTP client's timeouts)
    /// and records it even when it was cancelled meanwhile.
    private func openTrade(
        supplierNumber: CorporateNumber, productID: String, partner: Partner, relayRequestID: String, deadline: Date
    ) async throws(OuranosClientError) -> PendingTrade {
        let opening = Task { () async -> Result<PendingTrade, OuranosClientError> in
            do throws(OuranosClientError) {
                return .success(try await self.withSession(partner) { session throws(OuranosClientError) in
                    try await self.startTrade(
                        session: session, supplierNumber: supplierNumber, productID: productID, partner: partner, relayRequestID: relayRequestID, deadline: deadline)
                })
            } catch {
                return .failure(error)
            }
        }
        return try await opening.value.get()
    }

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
            message: "CFP of \(productID), relayed by Tsunagu (request \(relayRequestID))",
            responseDueDate: Self.day(sink == nil ? deadline : Date().addingTimeInterval(answerWait))
        )
        let receipt = try await session.client.putTradeRequest(request, accessToken: session.accessToken)
        return PendingTrade(partner: partner.name, statusID: receipt.status.statusID, traceID: traceID, supplier: supplier, productID: productID, started: Date())
    }

    /// Polls the trade's status until it is answered; `nil` when it is still open near `deadline`
    /// and a watcher can take over (a timeout failure when none can).
    private func poll(_ trade: PendingTrade, partner: Partner, deadline: Date) async throws(OuranosClientError) -> UpstreamFetchOutcome? {
        while true {
            let pause = settings.pollIntervalSeconds
            if sink != nil {
                // Every look ends before the attempt does (a status call may take seconds), or the
                // attempt would end as a timeout with nobody watching the trade.
                guard case .done(let outcome) = try await look(at: trade, partner: partner, within: deadline.timeIntervalSinceNow - Self.handOverMargin) else {
                    return nil
                }
                if let outcome { return outcome }
                if deadline.timeIntervalSinceNow < pause + Self.handOverMargin { return nil }
            } else if let outcome = try await look(at: trade, partner: partner) {
                return outcome
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return .failure(Self.notAnsweredYet(trade, partner: partner)) }
            do {
                try await Task.sleep(for: .seconds(min(pause, left)))
            } catch {
                return .failure(Self.notAnsweredYet(trade, partner: partner))
            }
        }
    }

    /// How long before an attempt's end a trade still open is handed to a watcher.
    static let handOverMargin: TimeInterval = 2

    /// What a look given a time limit found.
    enum TimedLook {
        /// The look ended: the trade's outcome, `nil` while it is open.
        case done(UpstreamFetchOutcome?)
        /// The time ran out first (the look was cancelled).
        case outOfTime
    }

    /// ``look(at:partner:)`` given at most `seconds`.
    private func look(at trade: PendingTrade, partner: Partner, within seconds: TimeInterval) async throws(OuranosClientError) -> TimedLook {
        guard seconds > 0 else { return .outOfTime }
        let looked = await withTimeLimit(seconds: seconds) { () async -> Result<UpstreamFetchOutcome?, OuranosClientError> in
            do throws(OuranosClientError) {
                return .success(try await self.look(at: trade, partner: partner))
            } catch {
                return .failure(error)
            }
        }
        guard let looked else { return .outOfTime }
        return .done(try looked.get())
    }

    /// Hands the open `trade` to a watcher: the supplier accepted the request and answers later.
    private func handOver(_ trade: PendingTrade, _ key: PendingTradeKey, partner: Partner) -> UpstreamFetchOutcome {
        watch(trade, key, partner: partner) ? .awaitingDelivery : .failure(Self.notAnsweredYet(trade, partner: partner))
    }

    /// The trade's outcome when the supplier has answered it (or it cannot be read), `nil` while
    /// it is open.
    func look(at trade: PendingTrade, partner: Partner) async throws(OuranosClientError) -> UpstreamFetchOutcome? {
        let what = "partner '\(partner.name)'"
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
            return nil
        }
    }

    private static func notAnsweredYet(_ trade: PendingTrade, partner: Partner) -> UpstreamFailure {
        UpstreamFailure(.unreachable, "partner '\(partner.name)' has not answered trade request \(trade.statusID) yet")
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
