import Foundation
import TsunaguRelay

/// The trades still open when their fetch returned, looked at again until the supplier answers
/// them or their relay request stops waiting; the answer (or the refusal) goes to the relay
/// worker.
extension OuranosUpstream {
    /// A trade being watched, with the number that tells its watcher from a later one of the same key.
    struct Watcher {
        let generation: Int
        let task: Task<Void, Never>
    }

    /// Hands answers seen after a fetch returned to `sink` (the relay worker). Call it before the
    /// worker resumes requests at start-up.
    public func handAnswers(to sink: any LaterAnswerSink) {
        self.sink = sink
    }

    /// Stops every watcher and lets go of the sink (the gateway shuts down). The trades stay
    /// recorded: the requests' attempts after the next start look at them again.
    public func stopWatching() {
        for watcher in watchers.values { watcher.task.cancel() }
        watchers = [:]
        sink = nil
    }

    func stopWatching(_ key: PendingTradeKey) {
        watchers.removeValue(forKey: key)?.task.cancel()
    }

    /// Starts looking at `trade` again and again, from the poll interval doubling up to
    /// ``longestWatchInterval``, while its relay request waits for it.
    /// - Returns: `false` when nothing takes answers seen later (no sink): nobody watches.
    func watch(_ trade: PendingTrade, _ key: PendingTradeKey, partner: Partner) -> Bool {
        guard let sink else { return false }
        stopWatching(key)
        watchGeneration += 1
        let generation = watchGeneration
        let task = Task { await self.follow(trade, key, partner: partner, sink: sink, generation: generation) }
        watchers[key] = Watcher(generation: generation, task: task)
        return true
    }

    private func follow(_ trade: PendingTrade, _ key: PendingTradeKey, partner: Partner, sink: any LaterAnswerSink, generation: Int) async {
        var pause = settings.pollIntervalSeconds
        let end = trade.started.addingTimeInterval(tradeLifetime)
        while true {
            do {
                try await Task.sleep(for: .seconds(pause))
            } catch {
                return
            }
            pause = min(pause * 2, Self.longestWatchInterval)
            guard !Task.isCancelled else { return }
            guard Date() < end, await sink.awaitsUpstream(relayRequestID: key.relayRequestID, partner: key.partner) else {
                return await finishWatching(key, generation: generation, forgetting: true)
            }
            let outcome: UpstreamFetchOutcome?
            do {
                outcome = try await look(at: trade, partner: partner)
            } catch {
                outcome = error.isTransient ? nil : .failure(Self.failure(error, partner: partner.name))
            }
            guard !Task.isCancelled else { return }
            let handed: EventOutcome
            switch outcome {
            case .document(let document)?:
                handed = await sink.upstreamDelivered(relayRequestID: key.relayRequestID, partner: key.partner, document: document)
            case .failure(let failure)? where !failure.isTransient:
                handed = await sink.upstreamFailed(relayRequestID: key.relayRequestID, partner: key.partner, failure: failure)
            default:
                continue
            }
            switch handed {
            case .applied:
                return await finishWatching(key, generation: generation, forgetting: true)
            case .notRecorded:
                logger.warning("an Ouranos supplier's answer could not be recorded; it is read again", metadata: ["request": "\(key.relayRequestID)"])
                continue
            case .notApplicable:
                // Between two attempts the next one reads the answer itself, from the trade still recorded.
                let waits = await sink.awaitsUpstream(relayRequestID: key.relayRequestID, partner: key.partner)
                return await finishWatching(key, generation: generation, forgetting: !waits)
            }
        }
    }

    /// Ends the watcher of `generation` (not a later one of the same key); forgets the trade when
    /// nothing waits for it any more.
    private func finishWatching(_ key: PendingTradeKey, generation: Int, forgetting: Bool) async {
        guard watchers[key]?.generation == generation else { return }
        watchers[key] = nil
        if forgetting { await forget(key) }
    }
}
