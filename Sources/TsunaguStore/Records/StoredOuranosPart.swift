import Foundation

/// A part an Ouranos-side company registered with the gateway (PartsModel), as the store keeps
/// it: the model's JSON text plus the columns it is looked up by.
public struct StoredOuranosPart: Sendable, Hashable {
    /// The tenant the company registered it with.
    public let tenant: String
    /// The trace id the gateway assigned (a lower-case UUID).
    public let traceID: String
    /// The owning operator's internal id.
    public let operatorID: String
    /// The parent part's trace id when the part is a child in a parts structure.
    public let parentTraceID: String?
    /// The PartsModel JSON, with `traceId` set.
    public let document: String
    /// When it was first registered.
    public let created: Date

    /// Creates a record.
    public init(tenant: String, traceID: String, operatorID: String, parentTraceID: String?, document: String, created: Date) {
        self.tenant = tenant
        self.traceID = traceID
        self.operatorID = operatorID
        self.parentTraceID = parentTraceID
        self.document = document
        self.created = created
    }
}
