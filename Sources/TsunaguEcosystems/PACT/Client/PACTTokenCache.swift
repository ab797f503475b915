/// The client's token and token endpoint, shared by concurrent calls.
///
/// Concurrent callers needing a token while none is valid wait for one shared request instead
/// of each asking the host.
actor PACTTokenCache {
    private var token: PACTAccessToken?
    private var pending: Task<PACTAccessToken, any Error>?
    private var endpoint: String?

    /// The cached token when still fresh, otherwise a new one from `fetch`.
    func token(margin: Duration, fetch: @escaping @Sendable () async throws(PACTClientError) -> PACTAccessToken) async throws(PACTClientError) -> PACTAccessToken {
        if let token, !token.needsRenewal(at: .now, margin: margin) { return token }
        let task: Task<PACTAccessToken, any Error>
        if let pending {
            task = pending
        } else {
            task = Task { () async throws -> PACTAccessToken in try await fetch() }
            pending = task
        }
        do {
            let fresh = try await task.value
            if pending == task {
                token = fresh
                pending = nil
            }
            return fresh
        } catch {
            if pending == task { pending = nil }
            throw (error as? PACTClientError) ?? PACTClientError.transport(String(describing: error), url: endpoint ?? "token endpoint")
        }
    }

    /// Forgets `value` (the host refused it) so the next call fetches a new token.
    func invalidate(_ value: String) {
        if token?.value == value { token = nil }
    }

    /// The token endpoint found earlier, if any.
    func cachedEndpoint() -> String? { endpoint }

    /// Remembers the token endpoint.
    func remember(endpoint: String) { self.endpoint = endpoint }
}
