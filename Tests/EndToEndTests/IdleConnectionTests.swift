import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A connection that sends nothing (no TLS handshake, or nothing between requests) is closed
/// after the idle timeout: idle sockets cannot pile up until the gateway has none left.
@Suite struct IdleConnectionTests {
    @Test func aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() async throws {
        let gateway = try await TestGateway.start { $0.idleConnectionTimeoutSeconds = 1 }
        let port = try #require(URL(string: gateway.baseURL)?.port)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        // Wait (up to 30 s) for the server to close the connection: recv then reads 0 bytes.
        var wait = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        let started = Date()
        var byte: UInt8 = 0
        let received = recv(descriptor, &byte, 1, 0)
        #expect(received == 0, "the connection was not closed (recv returned \(received))")
        #expect(Date().timeIntervalSince(started) < 20)
        await gateway.stop()
    }
}
