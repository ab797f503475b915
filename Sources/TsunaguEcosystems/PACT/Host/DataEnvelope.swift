import HTTPTypes
import Hummingbird
import NIOCore
import TsunaguCore

/// The `{"data": ...}` body of PACT's footprint responses, written from documents that are
/// already encoded: byte for byte what ``JSONWriter`` writes for `["data": documents]`, without
/// encoding any document again.
enum DataEnvelope {
    private static let listOpening = Array(#"{"data":["#.utf8)
    private static let listClosing = Array("]}".utf8)
    private static let singleOpening = Array(#"{"data":"#.utf8)
    private static let singleClosing = Array("}".utf8)

    /// The body `{"data":[...]}` listing `documents`.
    static func body(_ documents: [EncodedJSON]) -> ByteBuffer {
        let size = listOpening.count + listClosing.count + documents.reduce(max(documents.count - 1, 0)) { $0 + $1.bytes.count }
        var buffer = ByteBufferAllocator().buffer(capacity: size)
        buffer.writeBytes(listOpening)
        for (index, document) in documents.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            buffer.writeBytes(document.bytes)
        }
        buffer.writeBytes(listClosing)
        return buffer
    }

    /// The body `{"data":{...}}` of one document.
    static func body(_ document: EncodedJSON) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: singleOpening.count + document.bytes.count + singleClosing.count)
        buffer.writeBytes(singleOpening)
        buffer.writeBytes(document.bytes)
        buffer.writeBytes(singleClosing)
        return buffer
    }

    /// A 200 response listing `documents`.
    static func response(_ documents: [EncodedJSON], headers: HTTPFields = [:]) -> Response {
        response(body(documents), headers: headers)
    }

    /// A 200 response with one document.
    static func response(_ document: EncodedJSON) -> Response {
        response(body(document), headers: [:])
    }

    private static func response(_ body: ByteBuffer, headers: HTTPFields) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: body))
    }
}
