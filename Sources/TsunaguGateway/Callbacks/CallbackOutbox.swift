import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import TsunaguCore
import TsunaguEcosystems
import TsunaguStore

/// Delivers queued callback events (PACT `RequestFulfilled` / `RequestRejected`) to requesters'
/// own events endpoints, authenticated with a token from the requester's token endpoint.
///
/// Messages are in the store before the request that caused them is acknowledged; this service
/// sends them, retries failures with exponential backoff (1 s doubling, at most 10 minutes apart)
/// and abandons a message after 72 hours, as PACT recommends. A receiver that failed is held back
/// as a whole until that message's retry, then probed by one message (``ReceiverHolds``). Waking
/// it after an enqueue makes a delivery take milliseconds rather than a polling interval.
public actor CallbackOutbox: Service {
    let store: any GatewayStore
    let httpClient: HTTPClient
    let logger: Logger
    /// Whether a release of a tenant's footprints decided under policies of a fingerprint at a
    /// time still holds under the policies in force now (see ``releasable(_:)``); `nil` sends
    /// every message as it was enqueued.
    let releaseStillHolds: (@Sendable (_ tenant: String, _ fingerprint: String, _ decided: Date) -> Bool)?
    private nonisolated let environment: [String: String]
    private let pollInterval: Duration
    /// The time now: what the queue, receiver holds, retries, token lifetimes and audit entries
    /// are reckoned by.
    let clock: @Sendable () -> Date
    private let deliverers: [String: any OutboxDeliverer]
    var tokens: [String: (token: String, expires: Date)] = [:]
    /// The token requests under way, by requester: deliveries that need a token meanwhile wait for it.
    var tokenFetches: [String: Task<String, any Error>] = [:]
    /// Each requester's token endpoint, by its base URL, once OpenID discovery has said it.
    var tokenEndpoints: [String: String] = [:]
    /// The messages being sent now, left out of the next looks at the queue.
    private var sending: Set<Int64> = []
    /// Receivers held back after a failure (see ``ReceiverHolds``).
    private var holds = ReceiverHolds()
    /// Whether a look at the queue is reading the store, and the sends that finished meanwhile.
    private var readingDue = false
    private var finishedDuringRead: Set<Int64> = []
    private let wakeSignal: AsyncStream<Void>
    private let wakeContinuation: AsyncStream<Void>.Continuation
    private let queueDepth = Gauge(label: "tsunagu_callback_queue_depth")
    private let retries = Counter(label: "tsunagu_callback_retries_total")
    private let delivered = Counter(label: "tsunagu_callback_delivered_total")

    /// How long a message is retried before it is abandoned.
    static let giveUpAfter: TimeInterval = 72 * 3600

    /// Creates the outbox.
    /// - Parameters:
    ///   - environment: where callback secrets are read from, by the variable name each client registration gives.
    ///   - deliverers: senders of the other message kinds (Catena-X answers, say); PACT callbacks are sent by the outbox itself.
    ///   - releaseStillHolds: whether a release decided under policies of a fingerprint, at a
    ///     time, still holds: a queued answer's footprints are checked before it is sent (see
    ///     ``releasable(_:)``).
    ///   - clock: the time now (tests set it to step through holds and retries).
    public init(
        store: any GatewayStore, httpClient: HTTPClient, logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment,
        pollInterval: Duration = .seconds(1), deliverers: [any OutboxDeliverer] = [],
        releaseStillHolds: (@Sendable (_ tenant: String, _ fingerprint: String, _ decided: Date) -> Bool)? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.clock = clock
        self.releaseStillHolds = releaseStillHolds
        self.deliverers = Dictionary(deliverers.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
        self.httpClient = httpClient
        self.logger = logger
        self.environment = environment
        self.pollInterval = pollInterval
        (wakeSignal, wakeContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// The message kind for callbacks of a PACT version.
    public static func kind(for version: PACTVersion) -> String { "pact.v\(version.rawValue).callback" }

    /// Asks the outbox to look for due messages now.
    public func wake() {
        wakeContinuation.yield()
    }

    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [wakeContinuation, pollInterval] in
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    try? await Task.sleep(for: pollInterval)
                    wakeContinuation.yield()
                }
                wakeContinuation.finish()
            }
            await cancelWhenGracefulShutdown {
                for await _ in self.wakeSignal {
                    await self.startDueMessages()
                }
            }
            group.cancelAll()
        }
    }

    /// Starts sending every message whose time has come and that is not already being sent, and
    /// returns at once: a receiver that is slow, or stalls until the timeouts, holds up only its
    /// own messages, not the next look at the queue.
    private func startDueMessages() async {
        // A send that finishes while the store is read marks its message before the read or
        // after it: in the second case the list still has it as due, so what finished during
        // the read is left out too.
        finishedDuringRead = []
        readingDue = true
        let due = await dueMessages(skipping: sending)
        readingDue = false
        let admitted = await admit((due ?? []).filter { !finishedDuringRead.contains($0.id) })
        for message in admitted where sending.insert(message.id).inserted {
            Task {
                await self.deliver(message)
                self.finishedSending(message.id)
            }
        }
    }

    /// The messages whose time has come (at most 100 besides those in `skipping`, which are being
    /// sent: a stalled receiver's messages do not fill every look), with the queue's depth
    /// recorded; `nil` when the store cannot say.
    private func dueMessages(skipping: Set<Int64>) async -> [OutboxMessage]? {
        do {
            let due = try await store.dueMessages(now: clock(), limit: 100 + skipping.count).filter { !skipping.contains($0.id) }
            queueDepth.record(try await store.pendingMessageCount())
            return Array(due.prefix(100))
        } catch {
            logger.error("callback queue unavailable", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func finishedSending(_ id: Int64) {
        sending.remove(id)
        if readingDue { finishedDuringRead.insert(id) }
    }

    /// The due messages to attempt now; those whose receiver is held are postponed to the hold's end.
    private func admit(_ due: [OutboxMessage]) async -> [OutboxMessage] {
        let admission = holds.admit(due, now: clock())
        for (until, ids) in admission.postpone {
            do {
                try await store.postponeMessages(ids: ids, until: until)
            } catch {
                logger.error("messages to a held receiver could not be postponed", metadata: ["error": "\(error)"])
            }
        }
        return admission.send
    }

    /// Sends every message whose time has come, as a look at the queue does (a held receiver's
    /// messages are postponed); returns when each has been tried once.
    public func deliverDueMessages() async {
        guard let due = await dueMessages(skipping: []) else { return }
        let admitted = await admit(due)
        await withTaskGroup(of: Void.self) { group in
            for message in admitted {
                group.addTask { await self.deliver(message) }
            }
        }
    }

    private func deliver(_ message: OutboxMessage) async {
        guard let message = await releasable(message) else {
            // Not sent (withheld, or it could not be withheld yet): a probe it was tells nothing
            // of the receiver, and the next due message probes.
            holds.gaveUp(message)
            return
        }
        do {
            try await send(message.content)
        } catch {
            await markFailed(message, DeliveryFailure(error))
            return
        }
        do {
            try await markDelivered(message)
        } catch {
            // Delivered: it is not retried as if it had failed (the store holds it back).
            logger.error("delivered callback could not be recorded; the record is tried again at each look at the queue (a restart before then sends it again)", metadata: ["message": "\(message.id)", "error": "\(error)"])
        }
    }

    private func markDelivered(_ message: OutboxMessage) async throws {
        holds.answered(message)
        try await store.markDelivered(messageID: message.id)
        delivered.increment()
        logger.info("callback delivered", metadata: ["message": "\(message.id)", "client": "\(message.clientID)", "attempts": "\(message.attempts + 1)"])
    }

    /// Records a failed attempt: retried after a backoff that doubles up to ten minutes (from the
    /// third attempt spread by ±20 %, so that the messages of one outage do not come back
    /// together), and no sooner than the receiver's `Retry-After` (at most an hour); given up
    /// after ``giveUpAfter``, or at once when the receiver refused it for good (``DeliveryFailure/isPermanent``).
    private func markFailed(_ message: OutboxMessage, _ failure: DeliveryFailure) async {
        let (error, permanent, retryAfter) = (failure.description, failure.isPermanent, failure.retryAfter)
        let age = clock().timeIntervalSince(message.created)
        let spread = message.attempts >= 2 ? Double.random(in: 0.8...1.2) : 1
        let backoff = min(600, pow(2, Double(message.attempts))) * spread
        let delay = max(backoff, min(retryAfter ?? 0, 3600))
        let retryAt = permanent || age + delay > Self.giveUpAfter ? nil : clock().addingTimeInterval(delay)
        if let retryAt {
            holds.failed(message, retryAt: retryAt)
        } else if permanent {
            holds.answered(message)
        } else {
            holds.gaveUp(message)
        }
        retries.increment()
        logger.warning("callback failed", metadata: ["message": "\(message.id)", "client": "\(message.clientID)", "error": "\(error)", "retry": "\(retryAt.map { "\($0)" } ?? "abandoned")"])
        try? await store.markFailed(messageID: message.id, error: error, retryAt: retryAt)
        if retryAt == nil { await auditAbandoned(message, error: error, permanent: permanent) }
    }

    /// Records in the audit trail, under the exchange the message answers, that it was given up:
    /// the trail then does not end at the answer's delivery as if it had arrived.
    private func auditAbandoned(_ message: OutboxMessage, error: String, permanent: Bool) async {
        let entry = AuditEntry(
            time: clock(), tenant: message.tenant, actor: message.clientID, ecosystem: String(message.kind.prefix { $0 != "." }),
            action: "delivery.abandoned", subject: message.auditSubject ?? "outbox-\(message.id)",
            detail: [
                "message": .number(JSONNumber(Int(message.id))), "kind": .string(message.kind), "attempts": .number(JSONNumber(message.attempts + 1)),
                "lastError": .string(error), "reason": .string(permanent ? "the receiver refused it for good" : "not delivered within \(Int(Self.giveUpAfter / 3600)) hours"),
            ])
        do {
            try await store.appendAudit(entry)
        } catch {
            logger.error("an abandoned message could not be audited", metadata: ["message": "\(message.id)", "error": "\(error)"])
        }
    }

    private func send(_ message: NewOutboxMessage) async throws {
        try await prepare(message).make()
    }

    /// The attempt at sending `message`, with the receiver's registration and a token read.
    private func prepare(_ message: NewOutboxMessage) async throws -> OutboxAttempt {
        if let deliverer = deliverers[message.kind] {
            return try await deliverer.prepare(message)
        }
        guard let client = try await store.client(id: message.clientID), client.tenant == message.tenant, let callback = client.callback else {
            throw DeliveryFailure("client '\(message.clientID)' has no callback registration any more under tenant '\(message.tenant)'", isPermanent: true)
        }
        guard let secret = environment[callback.secretEnvironmentVariable] else {
            throw DeliveryFailure("environment variable \(callback.secretEnvironmentVariable) with the callback secret of client '\(message.clientID)' is not set")
        }
        let versionPath = message.kind == Self.kind(for: .v2) ? "/2/events" : "/3/events"
        let base = callback.baseURL.hasSuffix("/") ? String(callback.baseURL.dropLast()) : callback.baseURL
        let token = try await accessToken(base: base, clientID: callback.clientID, secret: secret)
        return OutboxAttempt {
            try await self.post(message.body, to: base + versionPath, token: token, refresh: {
                try await self.accessToken(base: base, clientID: callback.clientID, secret: secret, refusing: token)
            })
        }
    }

    /// POSTs an event; a requester that restarted or rotated its keys refuses the token kept from
    /// before (401; PACT's error tables give 403 `AccessDenied` for a token it cannot accept, and
    /// some hosts answer 400), so a fresh token is fetched and the event sent again at once, not
    /// after a backoff. Refused again, the refusal stands.
    private nonisolated func post(_ body: String, to url: String, token: String, refresh: @Sendable () async throws -> String) async throws {
        var token = token
        for attempt in 0..<2 {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/cloudevents+json; charset=UTF-8")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await httpClient.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if (200..<300).contains(response.status.code) { return }
            guard Self.refusesToken(Int(response.status.code)), attempt == 0 else {
                throw DeliveryFailure(answered: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"))
            }
            token = try await refresh()
        }
    }

    /// Whether the secret `callback` names is set, so that answers can be sent to it at all.
    public nonisolated func hasSecret(for callback: CallbackRegistration) -> Bool {
        environment[callback.secretEnvironmentVariable] != nil
    }

    /// Whether a receiver answering `status` may have refused the token rather than the event.
    static func refusesToken(_ status: Int) -> Bool {
        [400, 401, 403].contains(status)
    }
}

extension DeliveryFailure {
    /// The receiver answered `status`: a client error other than 401, 408 and 429 refuses the
    /// message for good (sending it again would be refused again); `Retry-After` is kept, in
    /// seconds or as an HTTP date (RFC 9110 allows both).
    init(answered status: Int, retryAfter header: String?, now: Date = Date()) {
        let permanent = Self.refusesForGood(status)
        self.init(
            "the receiver answered \(status)" + (permanent ? " (not tried again)" : ""),
            isPermanent: permanent, retryAfter: header.flatMap { Self.seconds(retryAfter: $0, now: now) })
    }

    /// The seconds a `Retry-After` value asks for: a number of seconds, or the time until an
    /// HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`); `nil` when it is neither.
    static func seconds(retryAfter header: String, now: Date) -> Double? {
        let text = header.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text) { return seconds }
        guard let date = httpDate.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// IMF-fixdate, the HTTP date format.
    private static let httpDate: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }()

    /// Whether a receiver answering `status` refuses the message for good: a client error other
    /// than 401 (a token to fetch again), 408 and 429 (come back later). A PACT requester's 400 or
    /// 403 counts only once a fresh token was refused too (see ``CallbackOutbox/refusesToken(_:)``).
    static func refusesForGood(_ status: Int) -> Bool {
        (400..<500).contains(status) && ![401, 408, 429].contains(status)
    }

    /// The failure `error` stands for: itself when it is one, else a failure that may pass.
    init(_ error: any Error) {
        self = error as? DeliveryFailure ?? DeliveryFailure("\(error)")
    }
}

extension CallbackOutbox: RelayAnswerDelivery {
    public func prepare(_ messages: [NewOutboxMessage]) async -> PreparedAnswers {
        var attempts: [Result<OutboxAttempt, any Error>] = []
        for message in messages {
            do {
                attempts.append(.success(try await prepare(message)))
            } catch {
                attempts.append(.failure(error))
            }
        }
        return PreparedAnswers { [attempts] in
            if attempts.count == 1 { return [await Self.failure(of: attempts[0])] }
            return await withTaskGroup(of: (Int, DeliveryFailure?).self) { group in
                for (index, attempt) in attempts.enumerated() {
                    group.addTask { (index, await Self.failure(of: attempt)) }
                }
                var failures = [DeliveryFailure?](repeating: nil, count: attempts.count)
                for await (index, failure) in group { failures[index] = failure }
                return failures
            }
        }
    }

    public func settle(_ messages: [OutboxMessage], failures: [DeliveryFailure?]) async {
        for (index, message) in messages.enumerated() {
            if index < failures.count, let failure = failures[index] {
                await markFailed(message, failure)
            } else {
                do {
                    try await markDelivered(message)
                } catch {
                    logger.error("delivered callback could not be recorded; the record is tried again at each look at the queue (a restart before then sends it again)", metadata: ["message": "\(message.id)", "error": "\(error)"])
                }
            }
        }
    }

    /// Makes a prepared attempt; `nil` when the receiver took the message, else why not.
    private static func failure(of attempt: Result<OutboxAttempt, any Error>) async -> DeliveryFailure? {
        do {
            try await attempt.get().make()
            return nil
        } catch {
            return DeliveryFailure(error)
        }
    }
}
