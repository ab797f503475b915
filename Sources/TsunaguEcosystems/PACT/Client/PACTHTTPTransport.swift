import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL

/// Sends one request with a hard deadline over a caller-owned `HTTPClient`.
///
/// The deadline covers connecting, the response head and the whole body: a host that accepts
/// the connection and never answers ends in ``PACTClientError/Category/timeout`` in bounded time.
struct PACTHTTPTransport: Sendable {
    let httpClient: HTTPClient
    let tlsConfiguration: TLSConfiguration?
    let timeout: Duration
    let maximumResponseBytes: Int

    func perform(_ request: PACTHTTPRequest) async throws(PACTClientError) -> PACTHTTPResponse {
        let timeout = self.timeout
        do {
            return try await withThrowingTaskGroup(of: PACTHTTPResponse?.self) { group in
                group.addTask { try await self.send(request) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw PACTClientError.timeout(after: timeout.seconds, url: request.url)
                }
                return response
            }
        } catch let error as PACTClientError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw PACTClientError.timeout(after: timeout.seconds, url: request.url)
        } catch {
            throw PACTClientError.transport(String(describing: error), url: request.url)
        }
    }

    private func send(_ request: PACTHTTPRequest) async throws -> PACTHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers {
            outgoing.headers.add(name: name, value: value)
        }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        if let tlsConfiguration {
            outgoing.tlsConfiguration = tlsConfiguration
        }
        let response = try await httpClient.execute(outgoing, deadline: .now() + timeout.timeAmount)
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: maximumResponseBytes)
        } catch is NIOTooManyBytesError {
            throw PACTClientError.invalidResponse("the response body is larger than \(maximumResponseBytes) bytes", status: Int(response.status.code), url: request.url)
        }
        return PACTHTTPResponse(
            url: request.url,
            status: Int(response.status.code),
            headers: response.headers.map { (name: $0.name, value: $0.value) },
            body: Array(body.readableBytesView)
        )
    }
}

extension Duration {
    /// The duration in seconds, for messages.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration as NIO's `TimeAmount`.
    var timeAmount: TimeAmount {
        .nanoseconds(components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000)
    }
}
