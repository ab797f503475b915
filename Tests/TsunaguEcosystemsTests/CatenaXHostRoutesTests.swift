import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import TsunaguCore
@testable import TsunaguEcosystems

@Suite struct CatenaXHostRoutesTests {
    let headers = CatenaXFixtures.dataPlaneHeaders

    @Test func acceptsARequestAt200WithTheDefaultVersionAndDecodedMessage() async throws {
        let backend = RecordingCatenaXBackend()
        try await CatenaXFixtures.withServer(backend) { client in
            try await client.execute(uri: "/footprintExchange/req%2042?manufacturerPartId=mat345&customerPartId=cust-9&message=No%20offset%20included%2C%20please%21", method: .get, headers: headers) { response throws in
                #expect(response.status == .ok)
            }
        }
        let request = try #require(backend.requests.withLock { $0.first })
        #expect(request.requestID == "req 42")
        #expect(request.manufacturerPartID == "mat345")
        #expect(request.customerPartID == "cust-9")
        #expect(request.message == "No offset included, please!")
        #expect(request.requester.value == CatenaXFixtures.customer)
        #expect(request.dataModelVersion == .defaultVersion)
        #expect(request.replyAddress == "https://customer.example/pcf")
        #expect(request.form == .footprintExchange)
    }

    /// A registered partner is not told it is unknown because the registry could not be read: it
    /// gets 503 and sends again, where 403 would make it give up.
    @Test func aRegistryThatCannotBeReadIsAnsweredWith503NotAsAnUnknownPartner() async throws {
        let backend = RecordingCatenaXBackend(registryDown: true)
        try await CatenaXFixtures.withServer(backend) { client in
            try await client.execute(uri: "/footprintExchange/r1?manufacturerPartId=mat345", method: .get, headers: headers) { response throws in
                #expect(response.status == .serviceUnavailable)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("registered partner") == false)
            }
        }
        #expect(backend.requests.withLock { $0.isEmpty })
    }

    @Test func servesAskedVersionsAndRefusesOthersWith422() async throws {
        let backend = RecordingCatenaXBackend()
        try await CatenaXFixtures.withServer(backend) { client in
            try await client.execute(uri: "/footprintExchange/r1?customerPartId=cust-1&dataModelVersion=7.0.0", method: .get, headers: headers) { response throws in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/footprintExchange/r2?customerPartId=cust-1&dataModelVersion=10.0.0", method: .get, headers: headers) { response throws in
                #expect(response.status == .unprocessableContent)
                let message = try CatenaXFixtures.json(response.body)["message"]?.stringValue ?? ""
                #expect(message.contains("10.0.0"))
                #expect(message.contains("7.0.0, 9.0.0"))
            }
            try await client.execute(uri: "/footprintExchange/r3?customerPartId=cust-1&dataModelVersion=nine", method: .get, headers: headers) { response throws in
                #expect(response.status == .badRequest)
            }
        }
        #expect(backend.requests.withLock { $0.map(\.dataModelVersion.text) } == ["7.0.0"])
    }

    @Test func refusesWhenTheDefaultVersionIsNotServed() async throws {
        try await CatenaXFixtures.withServer(RecordingCatenaXBackend(), versions: [.v7]) { client in
            try await client.execute(uri: "/footprintExchange/r1?customerPartId=cust-1", method: .get, headers: headers) { response throws in
                #expect(response.status == .unprocessableContent)
            }
        }
    }

    /// The served versions are asked at every request: a reload that adds a version's schema
    /// serves it at once.
    @Test func theServedVersionsFollowTheRulesInForce() async throws {
        let served = Mutex<Set<CatenaXDataModelVersion>>([.v7])
        let router = Router()
        CatenaXHostRoutes(backend: RecordingCatenaXBackend(), trust: CatenaXFixtures.trust, servingVersions: { served.withLock { $0 } }).register(on: router)
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            try await client.execute(uri: "/footprintExchange/r1?customerPartId=cust-1&dataModelVersion=9.0.0", method: .get, headers: headers) { response throws in
                #expect(response.status == .unprocessableContent)
            }
            _ = served.withLock { $0.insert(.defaultVersion) }
            try await client.execute(uri: "/footprintExchange/r2?customerPartId=cust-1&dataModelVersion=9.0.0", method: .get, headers: headers) { response throws in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func refusesMalformedRequestsWithWhatToFix() async throws {
        let backend = RecordingCatenaXBackend()
        try await CatenaXFixtures.withServer(backend) { client in
            try await client.execute(uri: "/footprintExchange/r1?message=hello", method: .get, headers: headers) { response throws in
                #expect(response.status == .badRequest)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("manufacturerPartId or customerPartId") == true)
            }
            try await client.execute(uri: "/footprintExchange/r1?manufacturerPartId=", method: .get, headers: headers) { response throws in
                #expect(response.status == .badRequest)
            }
            let long = String(repeating: "x", count: 251)
            try await client.execute(uri: "/footprintExchange/r1?manufacturerPartId=mat345&message=\(long)", method: .get, headers: headers) { response throws in
                #expect(response.status == .badRequest)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("250") == true)
            }
            let longID = String(repeating: "r", count: 257)
            try await client.execute(uri: "/footprintExchange/\(longID)?manufacturerPartId=mat345", method: .get, headers: headers) { response throws in
                #expect(response.status == .badRequest)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("256") == true)
            }
            try await client.execute(uri: "/footprintExchange/r1?manufacturerPartId=unknown-part", method: .get, headers: headers) { response throws in
                #expect(response.status == .notFound)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("unknown-part") == true)
            }
        }
        #expect(backend.requests.withLock { $0.isEmpty })
    }

    @Test func refusesRequestersThatAreNotRegisteredPartners() async throws {
        try await CatenaXFixtures.withServer(RecordingCatenaXBackend(partners: [:])) { client in
            try await client.execute(uri: "/footprintExchange/r1?manufacturerPartId=mat345", method: .get, headers: headers) { response throws in
                #expect(response.status == .forbidden)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains(CatenaXFixtures.customer) == true)
            }
        }
    }

    @Test func acceptsTheDeprecatedProductIDsForm() async throws {
        let backend = RecordingCatenaXBackend()
        try await CatenaXFixtures.withServer(backend) { client in
            try await client.execute(uri: "/productIds/mat345?requestId=2daa49aa-ee16-4df3-bca3-69ddead40419", method: .get, headers: headers) { response throws in
                #expect(response.status == .accepted)
            }
            try await client.execute(uri: "/productIds/mat345", method: .get, headers: headers) { response throws in
                #expect(response.status == .badRequest)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("requestId") == true)
            }
        }
        let request = try #require(backend.requests.withLock { $0.first })
        #expect(request.requestID == "2daa49aa-ee16-4df3-bca3-69ddead40419")
        #expect(request.form == .productIDs(productID: "mat345"))
        #expect(request.manufacturerPartID == "mat345")
        // The deprecated form is PCF Exchange API 1.1.x: its payloads are 7.0.0.
        #expect(request.dataModelVersion == .v7)
    }

    @Test func receivesAnswersAndUpdatesWithExactNumbers() async throws {
        let backend = RecordingCatenaXBackend()
        let jsonHeaders = { var fields = headers; fields[.contentType] = "application/json"; return fields }()
        try await CatenaXFixtures.withServer(backend) { client in
            try await client.execute(uri: "/footprintExchange/req-1?message=here%20it%20is", method: .put, headers: jsonHeaders, body: ByteBuffer(string: CatenaXFixtures.document.jsonText)) { response throws in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/footprintExchange/req-old?update=true", method: .put, headers: jsonHeaders, body: ByteBuffer(string: CatenaXFixtures.document.jsonText)) { response throws in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/productIds/mat345?requestId=req-1", method: .put, headers: jsonHeaders, body: ByteBuffer(string: CatenaXFixtures.document.jsonText)) { response throws in
                #expect(response.status == .ok)
            }
            // The deprecated form's update: CX-0136 1.1.2 lets it leave the requestId out.
            try await client.execute(uri: "/productIds/mat345", method: .put, headers: jsonHeaders, body: ByteBuffer(string: CatenaXFixtures.document.jsonText)) { response throws in
                #expect(response.status == .ok)
            }
        }
        let received = backend.deliveries.withLock { $0 }
        #expect(received.map(\.isUpdate) == [false, true, false, true])
        #expect(received.first?.message == "here it is")
        #expect(received.first?.document["pcfExcludingBiogenicUptake"]?.numberValue?.text == "0.10000000000000000001")
        #expect(received.last?.form == .productIDs(productID: "mat345"))
        #expect(received.last?.requestID == nil)
    }

    @Test func refusesBadDeliveriesWithEachStatus() async throws {
        let backend = RecordingCatenaXBackend()
        try await CatenaXFixtures.withServer(backend) { client in
            let body = ByteBuffer(string: CatenaXFixtures.document.jsonText)
            try await client.execute(uri: "/footprintExchange/req-1?update=maybe", method: .put, headers: headers, body: body) { response throws in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/footprintExchange/req-1", method: .put, headers: headers, body: ByteBuffer(string: "[1, 2]")) { response throws in
                #expect(response.status == .badRequest)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("JSON object") == true)
            }
            try await client.execute(uri: "/footprintExchange/req-1", method: .put, headers: headers, body: ByteBuffer(string: "{\"a\": ")) { response throws in
                #expect(response.status == .badRequest)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("not valid JSON") == true)
            }
            try await client.execute(uri: "/footprintExchange/never-asked", method: .put, headers: headers, body: body) { response throws in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/footprintExchange/req-1", method: .put, headers: headers, body: ByteBuffer(string: "{\"pcf\": {}}")) { response throws in
                #expect(response.status == .unprocessableContent)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("schema") == true)
            }
        }
        #expect(backend.deliveries.withLock { $0.isEmpty })
    }

    @Test func refusesBodiesOverTheLimitWith413() async throws {
        let router = Router()
        CatenaXHostRoutes(backend: RecordingCatenaXBackend(), trust: CatenaXFixtures.trust, maximumBodyBytes: 64).register(on: router)
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            try await client.execute(uri: "/footprintExchange/req-1", method: .put, headers: headers, body: ByteBuffer(string: CatenaXFixtures.document.jsonText)) { response throws in
                #expect(response.status == .contentTooLarge)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("64") == true)
            }
        }
    }
}
