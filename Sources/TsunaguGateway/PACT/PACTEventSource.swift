import TsunaguEcosystems

/// The `source` of the events the gateway sends: its own events endpoint of the version the event
/// is in (`/2/events` for a PACT v2 answer), as a requester that answers back expects.
enum PACTEventSource {
    /// The source of an event in `version`, given the gateway's `/3/events` URL.
    static func url(_ v3URL: String, for version: PACTVersion) -> String {
        guard version == .v2, v3URL.hasSuffix("/3/events") else { return v3URL }
        return String(v3URL.dropLast("/3/events".count)) + "/2/events"
    }
}
