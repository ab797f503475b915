import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// One outbound HTTP exchange with a deadline that covers connecting, the response head and
/// reading the whole body, so a partner that stalls at any point cannot hold a caller longer.
struct OutboundCall: Sendable {
    /// What came back: the status, the headers and the body bytes (at most the limit).
    struct Reply: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
    }

    /// Why the exchange produced no reply.
    enum Failure: Error, Sendable {
        case timedOut
        case bodyTooLarge
        case transport(String)
    }

    let httpClient: HTTPClient
    let timeout: Duration
    let maximumResponseBytes: Int

    /// Sends `request` and collects the reply, or fails once `timeout` has passed.
    func perform(_ request: HTTPClientRequest) async -> Result<Reply, Failure> {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        let nioDeadline = NIODeadline.now() + .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        return await withTaskGroup(of: Result<Reply, Failure>?.self) { group in
            group.addTask { [httpClient, maximumResponseBytes] in
                do {
                    let response = try await httpClient.execute(request, deadline: nioDeadline)
                    let body: ByteBuffer
                    do {
                        body = try await response.body.collect(upTo: maximumResponseBytes)
                    } catch is NIOTooManyBytesError {
                        return .failure(.bodyTooLarge)
                    }
                    return .success(Reply(status: Int(response.status.code), headers: response.headers, body: body))
                } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
                    return .failure(.timedOut)
                } catch is CancellationError {
                    return nil
                } catch {
                    return .failure(.transport(String(describing: error)))
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return Task.isCancelled ? nil : .failure(.timedOut)
            }
            var outcome: Result<Reply, Failure> = .failure(.timedOut)
            for await result in group {
                if let result {
                    outcome = result
                    break
                }
            }
            group.cancelAll()
            return outcome
        }
    }
}
