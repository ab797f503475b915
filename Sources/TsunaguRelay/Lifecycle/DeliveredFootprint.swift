/// What the relay knows of a footprint it delivered besides the document sent: which canonical
/// footprint it was, and the usage policies it was released under.
public struct DeliveredFootprint: Sendable, Hashable, Codable {
    /// The canonical footprint's id, when it had one.
    public let id: String?
    /// The fingerprint of the tenant's usage policies the release was decided under (see
    /// ``PolicyDecisionReference/policyFingerprint``); `nil` for a request delivered before it
    /// was kept. Whoever hands the document out again later (an Ouranos buyer reading its
    /// values) compares it with the policies in force.
    public let policyFingerprint: String?

    /// Creates the facts.
    public init(id: String?, policyFingerprint: String?) {
        self.id = id
        self.policyFingerprint = policyFingerprint
    }
}
