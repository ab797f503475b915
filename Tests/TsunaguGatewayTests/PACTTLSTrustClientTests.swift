import AsyncHTTPClient
import Testing
import TsunaguEcosystems

/// TLS trust for a host with a self-signed certificate: pinning, custom roots, skipping verification.
@Suite struct PACTTLSTrustClientTests {
    private func withTLSHost(_ body: (LoopbackPACTHost, SelfSignedCertificate, HTTPClient) async throws -> Void) async throws {
        let certificate = try SelfSignedCertificate()
        var options = LoopbackPACTHost.Options()
        options.tls = try certificate.serverTLSConfiguration()
        let host = try await LoopbackPACTHost.start(options)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            try await body(host, certificate, httpClient)
        } catch {
            try? await httpClient.shutdown()
            await host.stop()
            throw error
        }
        try await httpClient.shutdown()
        await host.stop()
    }

    private func tokenRequest(_ host: LoopbackPACTHost, trust: PACTTLSTrust, httpClient: HTTPClient) async throws -> PACTAccessToken {
        let tls = try await trust.tlsConfiguration(for: host.baseURL, timeout: .seconds(120))
        let client = try PACTClient(
            configuration: .init(baseURL: host.baseURL, credentials: PACTCredentials(clientID: "client", clientSecret: "secret"), timeout: .seconds(120), tlsConfiguration: tls),
            httpClient: httpClient
        )
        return try await client.accessToken()
    }

    @Test func trustsExactlyThePinnedCertificate() async throws {
        try await withTLSHost { host, certificate, httpClient in
            let pin = try certificate.fingerprintSHA256()
            let token = try await tokenRequest(host, trust: .pinnedSHA256(pin.lowercased()), httpClient: httpClient)
            #expect(!token.value.isEmpty)
        }
    }

    @Test func refusesAHostWithAnotherCertificateThanThePin() async throws {
        try await withTLSHost { host, _, httpClient in
            let other = try SelfSignedCertificate().fingerprintSHA256()
            let error = await #expect(throws: PACTClientError.self) { try await tokenRequest(host, trust: .pinnedSHA256(other), httpClient: httpClient) }
            #expect(error?.category == .transport)
            #expect(error?.message.contains("not the pinned") == true)
        }
    }

    @Test func refusesAMalformedPin() async throws {
        try await withTLSHost { host, _, httpClient in
            let error = await #expect(throws: PACTClientError.self) { try await tokenRequest(host, trust: .pinnedSHA256("AB:CD"), httpClient: httpClient) }
            #expect(error?.category == .invalidRequest)
        }
    }

    @Test func aSelfSignedHostIsNotTrustedByTheSystemStore() async throws {
        try await withTLSHost { host, _, httpClient in
            let error = await #expect(throws: PACTClientError.self) { try await tokenRequest(host, trust: .system, httpClient: httpClient) }
            #expect(error?.category == .transport)
        }
    }

    @Test func trustsACertificateGivenAsRoot() async throws {
        try await withTLSHost { host, certificate, httpClient in
            let token = try await tokenRequest(host, trust: .roots([try certificate.certificate()]), httpClient: httpClient)
            #expect(!token.value.isEmpty)
        }
    }

    @Test func skipsVerificationOnlyWhenAskedTo() async throws {
        try await withTLSHost { host, _, httpClient in
            let token = try await tokenRequest(host, trust: .insecureSkipVerification, httpClient: httpClient)
            #expect(!token.value.isEmpty)
        }
    }

    @Test func aPinnedHostThatCannotBeReachedIsATransportError() async throws {
        let error = await #expect(throws: PACTClientError.self) {
            try await PACTTLSTrust.pinnedSHA256(String(repeating: "AB", count: 32)).tlsConfiguration(for: "https://127.0.0.1:1", timeout: .seconds(2))
        }
        #expect(error?.category == .transport)
    }

    @Test func fingerprintsAreColonSeparatedUpperCaseSHA256() throws {
        let fingerprint = try SelfSignedCertificate().fingerprintSHA256()
        #expect(fingerprint.count == 95)
        #expect(fingerprint.split(separator: ":").allSatisfy { $0.count == 2 && $0.allSatisfy { $0.isHexDigit && !$0.isLowercase } })
    }
}

/// A pinned certificate whose key usage forbids it to anchor itself (as `tsunagu serve --demo` made them).
@Suite struct PACTPinnedLeafOnlyClientTests {
    @Test func isStillAcceptedByItsPin() async throws {
        let certificate = try SelfSignedCertificate(restrictedKeyUsage: true)
        var options = LoopbackPACTHost.Options()
        options.tls = try certificate.serverTLSConfiguration()
        let host = try await LoopbackPACTHost.start(options)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let credentials = PACTCredentials(clientID: "client", clientSecret: "secret")
        do {
            let pinned = try await PACTTLSTrust.pinnedSHA256(try certificate.fingerprintSHA256()).tlsConfiguration(for: host.baseURL)
            let rooted = try await PACTTLSTrust.roots([try certificate.certificate()]).tlsConfiguration(for: host.baseURL)
            try await HTTPClient.withHTTPClient(configuration: configuration) { httpClient in
                let client = try PACTClient(configuration: .init(baseURL: host.baseURL, credentials: credentials, tlsConfiguration: pinned), httpClient: httpClient)
                let token = try await client.accessToken()
                #expect(!token.value.isEmpty)
                let asRoot = try PACTClient(configuration: .init(baseURL: host.baseURL, credentials: credentials, tlsConfiguration: rooted), httpClient: httpClient)
                await #expect(throws: PACTClientError.self) { try await asRoot.requestToken() }
            }
        } catch {
            await host.stop()
            throw error
        }
        await host.stop()
    }
}
