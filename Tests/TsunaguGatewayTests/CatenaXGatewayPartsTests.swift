import Foundation
import HTTPTypes
import Logging
import Testing
import TsunaguEcosystems
@testable import TsunaguGateway

/// The `Edc-Bpn` trust rule the gateway builds from its configuration and environment.
@Suite struct CatenaXGatewayPartsTests {
    static let logger = Logger(label: "test")

    func headers(_ fields: [(String, String)]) -> HTTPFields {
        var headers = HTTPFields()
        for (name, value) in fields {
            if let name = HTTPField.Name(name) { headers[name] = value }
        }
        return headers
    }

    @Test func theDataPlaneKeyFromTheNamedVariableLetsTheHopNameTheRequester() throws {
        let configuration = GatewayConfiguration()
        let trust = CatenaXGatewayParts.trust(configuration: configuration, environment: ["TSUNAGU_CX_DATA_PLANE_KEY": "0123456789abcdef-key"], logger: Self.logger)
        let bpn = try trust.requester(headers: headers([("X-Data-Plane-Key", "0123456789abcdef-key"), ("Edc-Bpn", "BPNL00000003CUST")]), peerAddress: nil)
        #expect(bpn.value == "BPNL00000003CUST")
        #expect(throws: CatenaXError.self) { try trust.requester(headers: headers([("X-Data-Plane-Key", "wrong-key-0123456789"), ("Edc-Bpn", "BPNL00000003CUST")]), peerAddress: nil) }
    }

    @Test(arguments: [[String: String](), ["TSUNAGU_CX_DATA_PLANE_KEY": "short"]])
    func withoutAUsableKeyNobodyIsTrusted(environment: [String: String]) {
        let trust = CatenaXGatewayParts.trust(configuration: GatewayConfiguration(), environment: environment, logger: Self.logger)
        #expect(throws: CatenaXError.self) { try trust.requester(headers: headers([("X-Data-Plane-Key", "short"), ("Edc-Bpn", "BPNL00000003CUST")]), peerAddress: nil) }
    }

    @Test func theHeaderAndVariableAreConfigurable() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-config-\(UUID().uuidString).json").path
        try #"{"catenaXDataPlaneKeyHeader": "X-Proxy-Secret", "catenaXDataPlaneKeyVariable": "MY_CX_KEY"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try GatewayConfiguration.load(from: path)
        #expect(configuration.catenaXDataPlaneKeyHeader == "X-Proxy-Secret")
        let trust = CatenaXGatewayParts.trust(configuration: configuration, environment: ["MY_CX_KEY": "a-secret-of-16-bytes+"], logger: Self.logger)
        #expect(try trust.requester(headers: headers([("X-Proxy-Secret", "a-secret-of-16-bytes+"), ("Edc-Bpn", "BPNL00000003CUST")]), peerAddress: nil).value == "BPNL00000003CUST")
    }
}
