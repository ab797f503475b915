import AsyncHTTPClient
import Foundation
import NIOCore

/// Keeps a fixed number of GET requests in flight for a while and counts completed ones.
struct LoadGenerator {
    let client: HTTPClient
    let concurrency: Int
    let duration: Double

    /// Requests per second achieved on `url`; every response must be 200.
    func run(url: String, token: String?, seconds: Double? = nil) async throws -> Double {
        let deadline = Date().addingTimeInterval(seconds ?? duration)
        let started = Date()
        let completed = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var count = 0
                    while Date() < deadline {
                        var request = HTTPClientRequest(url: url)
                        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
                        let response = try await client.execute(request, timeout: .seconds(10))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        guard response.status == .ok else { throw BenchmarkError("\(url) answered \(response.status)") }
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(completed) / Date().timeIntervalSince(started)
    }
}
