/// A JSON value together with its compact text as ``JSONWriter`` writes it (sorted keys), for
/// documents sent many times: encoded once, their bytes are reused for every response.
public struct EncodedJSON: Sendable {
    /// The value.
    public let value: JSONValue
    /// The compact JSON text of ``value``, UTF-8, exactly as `JSONWriter().bytes(value)` writes it.
    public let bytes: [UInt8]

    /// Encodes `value`.
    public init(_ value: JSONValue) {
        self.value = value
        self.bytes = JSONWriter().bytes(value)
    }
}
