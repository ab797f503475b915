/// The PACT Technical Specifications version a conformance run checks.
public enum PACTConformanceSpec: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// v2.3, on the `/2/...` paths.
    case v2_3 = "2.3"
    /// v3.0, on the `/3/...` paths.
    case v3_0 = "3.0"

    /// The API version whose paths and event types the run uses.
    public var version: PACTVersion {
        switch self {
        case .v2_3: .v2
        case .v3_0: .v3
        }
    }

    public var description: String { rawValue }
}
