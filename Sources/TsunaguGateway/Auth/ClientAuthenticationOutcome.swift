import TsunaguEcosystems

/// What ``ClientAuthenticator`` found for a client id and secret: who they belong to, or why
/// they do not get in, which each ecosystem's endpoint answers in its own words.
public enum ClientAuthenticationOutcome: Sendable, Hashable {
    /// The secret is right: the requester the client id belongs to, and its registration (see
    /// ``APIClient/registration``), which the tokens issued to it carry.
    case authenticated(PACTRequester, registration: String)
    /// The client id is unknown or the secret is wrong.
    case refused
    /// The client id had ``ClientAuthenticator/failureLimit`` wrong secrets within
    /// ``ClientAuthenticator/failureWindow``: no secret of it is checked for `retryAfterSeconds`
    /// more seconds (at least 1), the right one neither.
    case lockedOut(retryAfterSeconds: Int)
    /// The store could not say who the client id is (`reason` is for the log, not the caller):
    /// the same credentials may get in when asked again.
    case storeUnavailable(reason: String)

    /// The requester when authenticated, else `nil`.
    public var requester: PACTRequester? {
        if case .authenticated(let requester, _) = self { return requester }
        return nil
    }
}
