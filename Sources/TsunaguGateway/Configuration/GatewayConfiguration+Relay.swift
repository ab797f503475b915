import TsunaguRelay

extension GatewayConfiguration {
    /// How relayed requests retry transient upstream failures, from `relayMaxAttempts` and `relayAttemptTimeoutSeconds`.
    public var relayRetryPolicy: RetryPolicy {
        RetryPolicy(maxAttempts: relayMaxAttempts, attemptTimeout: relayAttemptTimeoutSeconds)
    }
}
