import Foundation
import Logging
import ServiceLifecycle
import TsunaguCore
import TsunaguRelay
import TsunaguStore

/// Pushes later versions of footprints to the Catena-X requesters that received them
/// (`PUT /footprintExchange/{requestId}?update=true`).
///
/// It looks at a tenant whenever its store gained footprints or a Catena-X request of it was
/// delivered since the last look: for every delivered Catena-X request whose product the routing
/// rules still serve from the tenant's own store, a newer active footprint of that product than
/// the one its answer carried (by the footprint id its steps recorded) is relayed again as an
/// update: a relay request with the same requester and request id, checked against the usage
/// policy and rendered like the first answer. Its id is derived from the delivered request and
/// the new footprint's id, so each version is pushed to each requester once, also across restarts.
///
/// What was delivered is compared, not times: a footprint stored while a request was under way,
/// after its answer's footprint was read but before its finish was recorded, carries an earlier
/// time than the request's, and is still newer than what the requester got.
public actor CatenaXUpdatePublisher: Service {
    private let store: any GatewayStore
    private let worker: RelayWorker
    private let deadline: TimeInterval
    private let interval: Duration
    private let logger: Logger
    /// Update relays submitted to the worker since the start, taken or found relayed before: each
    /// version is submitted once per followed subject, not at every look.
    private(set) var updatesAttempted = 0
    private var seen: [String: Int64] = [:]
    /// Per tenant, the delivered Catena-X requests that get updates, at most one per requester,
    /// reply endpoint and product (see ``DeliveredRequest/Subject``), and the time up to which
    /// they were read: a look reads only the requests finished since.
    var delivered: [String: [DeliveredRequest.Subject: DeliveredRequest]] = [:]
    private var readUntil: [String: Date] = [:]
    /// Per tenant, the delivered requests read within the last ``rereadMargin`` (by id, with
    /// their times): read again by the next looks, they are not decoded again.
    private var recentlyRead: [String: [String: Date]] = [:]

    /// How far back each look reads again what finished before the last one.
    static let rereadMargin: TimeInterval = 60
    /// How many days back the first look after start-up reads delivered requests: updates are
    /// pushed for requests answered in that time.
    static let followedDays: TimeInterval = 90
    /// How many subjects (requester, endpoint, products) a tenant's updates follow at most; the
    /// ones answered longest ago are forgotten first.
    let followedLimit: Int

    /// Creates the publisher; it looks for new footprints every `interval`, and follows at most
    /// `followedLimit` subjects per tenant.
    public init(
        store: any GatewayStore, worker: RelayWorker, deadline: TimeInterval, interval: Duration = .seconds(2), followedLimit: Int = 10_000, logger: Logger
    ) {
        self.store = store
        self.worker = worker
        self.deadline = deadline
        self.interval = interval
        self.followedLimit = followedLimit
        self.logger = logger
    }

    /// Looks for updates every `interval` until the service group shuts down.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.publish()
                try? await Task.sleep(for: self.interval)
            }
        }
    }

    /// Relays the updates due in every tenant whose footprints changed, or that delivered a
    /// Catena-X request, since the last look.
    /// - Returns: how many update relays were started.
    @discardableResult
    public func publish() async -> Int {
        var started = 0
        do {
            for tenant in try await store.tenants() {
                // Deliveries first: the footprint a request read is stored before its delivery, so
                // the footprints read after it include every footprint an answer read carried.
                let learned = try await readDeliveredRequests(of: tenant.name)
                let footprints = try await store.footprints(ofTenant: tenant.name)
                let newest = footprints.last?.sequence ?? 0
                guard learned || seen[tenant.name] != newest else { continue }
                let look = try await publish(tenant: tenant.name, footprints: footprints)
                started += look.started
                seen[tenant.name] = look.deferred ? nil : newest
            }
        } catch {
            logger.warning("Catena-X updates could not be checked; trying again later", metadata: ["error": "\(error)"])
        }
        return started
    }

    /// Reads the Catena-X requests of `tenant` delivered since the last look (a request is
    /// finished once, so what was read stays as it was), keeping the newest per subject.
    /// - Returns: whether a request was kept that was not known before.
    private func readDeliveredRequests(of tenant: String) async throws(StoreError) -> Bool {
        let since = readUntil[tenant]
        var known = delivered[tenant] ?? [:]
        var latest = since
        var learned = false
        // A request's time is taken before its commit: one committed just after the last read
        // may carry an earlier time than the newest read then, so the last minute is read again.
        // The first look reads the deliveries of the last ``followedDays`` days, not every one ever.
        let from = since.map { $0.addingTimeInterval(-Self.rereadMargin) } ?? Date().addingTimeInterval(-Self.followedDays * 86_400)
        var recent = recentlyRead[tenant] ?? [:]
        recent = recent.filter { $0.value >= from }
        for stored in try await store.finishedRelayRequests(tenant: tenant, state: "delivered", updatedSince: from) {
            latest = max(latest ?? stored.updated, stored.updated)
            guard recent.updateValue(stored.updated, forKey: stored.id) == nil else { continue }
            guard let request = try? RelayRequest(stored: stored), request.requester.protocol == .catenaX,
                let address = CatenaXReplyAddress(request.requester.replyAddress), !address.isUpdate
            else { continue }
            let subject = DeliveredRequest.Subject(requester: request.requester.identity, endpoint: address.endpoint, productIDs: request.query.productIDs)
            if let kept = known[subject], (kept.updated, kept.id) >= (request.updated, request.id) { continue }
            let footprintID = DeliveredRequest.footprintID(in: try await store.relayTransitions(requestID: request.id))
            known[subject] = DeliveredRequest(
                id: request.id, requester: request.requester, address: address, query: request.query, updated: request.updated,
                retryPolicy: request.retryPolicy, footprintID: footprintID
            )
            learned = true
        }
        // A partner naming a new customer part id in every request adds a subject each time: the
        // newest `followedLimit` subjects are followed, the oldest forgotten.
        if known.count > followedLimit {
            let forgotten = known.sorted { ($0.value.updated, $0.value.id) < ($1.value.updated, $1.value.id) }.prefix(known.count - followedLimit)
            for (subject, _) in forgotten { known[subject] = nil }
        }
        delivered[tenant] = known
        readUntil[tenant] = latest
        recentlyRead[tenant] = recent
        return learned
    }

    /// Relays the updates due in `tenant`. - Returns: how many were started, and whether one was
    /// deferred for lack of room (the tenant is looked at again then, changed or not).
    private func publish(tenant: String, footprints stored: [StoredFootprint]) async throws(StoreError) -> (started: Int, deferred: Bool) {
        var started = 0
        var deferred = false
        let footprints = Footprints(stored)
        var followed = delivered[tenant] ?? [:]
        for (subject, delivered) in followed.sorted(by: { ($0.value.updated, $0.value.id) < ($1.value.updated, $1.value.id) }) {
            guard worker.source(for: delivered.query, tenant: tenant) == .tenantStore,
                let newer = footprints.newest(for: delivered.query), delivered.isOutdated(by: newer, among: footprints)
            else { continue }
            let address = delivered.address
            let now = Date()
            let update = RelayRequest(
                id: Self.updateID(delivered: delivered.id, footprint: newer.footprint.id), tenant: tenant,
                requester: RelayRequester(
                    protocol: .catenaX, identity: delivered.requester.identity, model: delivered.requester.model, replyAddress: address.forUpdate.replyAddress
                ),
                query: delivered.query, received: now, deadline: now.addingTimeInterval(deadline), retryPolicy: delivered.retryPolicy
            )
            updatesAttempted += 1
            do {
                try await worker.submit(update)
                started += 1
                logger.info("Catena-X update relayed", metadata: ["request": "\(delivered.id)", "footprint": "\(newer.footprint.id)"])
            } catch where error.isConflict {
                // Relayed before (an earlier process): the requester is being brought this version.
            } catch where error.isAtCapacity {
                // The requester (or the gateway) has no room now: the other subjects and tenants
                // go on, and this one is tried again at the next look.
                logger.notice("Catena-X update deferred", metadata: ["request": "\(delivered.id)", "reason": "\(error.message)"])
                deferred = true
                continue
            }
            followed[subject] = delivered.updated(to: newer.footprint.id)
        }
        self.delivered[tenant] = followed
        return (started, deferred)
    }

    /// A tenant's footprints, indexed once per look: each followed subject is decided by lookups,
    /// not by reading every footprint again.
    struct Footprints {
        /// By lower-cased id.
        let byID: [String: StoredFootprint]
        /// The newest active footprint of each lower-cased product id.
        let newestActive: [String: StoredFootprint]

        init(_ footprints: [StoredFootprint]) {
            var byID: [String: StoredFootprint] = Dictionary(minimumCapacity: footprints.count)
            var newestActive: [String: StoredFootprint] = [:]
            for stored in footprints {
                byID[stored.footprint.id.lowercased()] = stored
                guard stored.footprint.status == .active else { continue }
                for productID in stored.footprint.productIDs {
                    let key = productID.lowercased()
                    if let kept = newestActive[key], kept.sequence >= stored.sequence { continue }
                    newestActive[key] = stored
                }
            }
            self.byID = byID
            self.newestActive = newestActive
        }

        /// The newest active footprint of the first product of `query` that has one.
        func newest(for query: ProductQuery) -> StoredFootprint? {
            for productID in query.productIDs {
                if let found = newestActive[productID.lowercased()] { return found }
            }
            return nil
        }
    }

    /// The id of the update relay of footprint `footprint` to the requester of `delivered`.
    static func updateID(delivered: String, footprint: String) -> String {
        DerivedUUID.make("catenax-update", delivered, footprint)
    }
}
