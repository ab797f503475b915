import Foundation
import HTTPTypes
import Testing
import TsunaguCore
@testable import TsunaguEcosystems

/// The models read against the official tutorial examples (read at run time from the reference folder).
@Suite struct OuranosModelTests {
    /// `shared/reference` beside the repository (CI), or beside a folder above it (a worktree).
    static let examples: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for _ in 0..<3 {
            folder = folder.deletingLastPathComponent()
            let candidate = folder.appendingPathComponent("shared/reference/ouranos/examples")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return folder.appendingPathComponent("shared/reference/ouranos/examples")
    }()

    func example(_ name: String) throws -> JSONValue {
        try JSONParser().parse(try Data(contentsOf: Self.examples.appendingPathComponent(name)))
    }

    @Test func readsTheTutorialTradeRequestAndCFPs() throws {
        let request = try OuranosTradeRequest(json: try example("06-A-put-tradeRequest.request.json"))
        #expect(request.downstreamTraceID == "40b77952-2c89-49be-8ce9-7c64a15e0ae7")
        #expect(request.responseDueDate == "2024-12-31")
        #expect(try OuranosTradeRequest(json: request.json) == request)
        let cfps = try #require(try example("15-A-get-cfp.response.json").arrayValue).map { try OuranosCFP(json: $0) }
        #expect(cfps.map(\.cfpType) == ["preProductionResponse", "mainProductionResponse"])
        #expect(cfps.first?.tir == nil)
        #expect(cfps.first?.ter?.text == "2.1")
        let statuses = try #require(try example("13-A-get-status-REQUEST.response.json").arrayValue).map { try OuranosStatus(json: $0) }
        #expect(statuses.first?.responseStatus == .completed)
        #expect(statuses.first?.completedCount == 1)
        let registered = try #require(try example("14-A-put-cfp.request.json").arrayValue).map { try OuranosCFP(json: $0) }
        #expect(registered.map(\.ghgEmission?.text) == ["3.0", "20.0", "0", "0"])
        let structure = try example("04-A-put-partsStructure.response.json")
        let child = try OuranosPart(json: structure["childrenPartsModel"]?[0] ?? .null)
        #expect(child.traceID == request.downstreamTraceID)
        #expect(child.amountRequired?.text == "5")
    }

    @Test func theTutorialCorporateNumbersFailTheCheckDigit() throws {
        #expect(throws: OuranosModelProblem.self) { try OuranosOperator(json: try example("01-A-get-operator-self.response.json")) }
        #expect(throws: OuranosModelProblem.self) { try OuranosOperator(json: try example("05-A-get-operator-by-openOperatorId.response.json")) }
        var fixed = try example("05-A-get-operator-by-openOperatorId.response.json")
        _ = fixed.set("8234567890124", at: "/openOperatorId")
        #expect(try OuranosOperator(json: fixed).corporateNumber == OuranosFixtures.supplierNumber)
    }

    @Test func refusesOutOfRangeAndUnknownValues() throws {
        var cfp = OuranosFixtures.answer[0].json
        _ = cfp.set(.number(JSONNumber(text: "100000")!), at: "/ghgEmission")
        #expect(throws: OuranosModelProblem.self) { try OuranosCFP(json: cfp) }
        cfp = OuranosFixtures.answer[0].json
        _ = cfp.set(.number(JSONNumber(text: "-0.1")!), at: "/dqrValue/TeR")
        #expect(throws: OuranosModelProblem.self) { try OuranosCFP(json: cfp) }
        cfp = OuranosFixtures.answer[0].json
        _ = cfp.set("totalProduction", at: "/cfpType")
        #expect(throws: OuranosModelProblem.self) { try OuranosCFP(json: cfp) }
        #expect(OuranosTradeRequest.isDate("2024-02-29"))
        #expect(!OuranosTradeRequest.isDate("2023-02-29"))
        #expect(!OuranosTradeRequest.isDate("2024-13-01"))
        #expect(!OuranosTradeRequest.isDate("2024-+1-+3"), "Int reads a sign; a date has digits only")
        #expect(!OuranosTradeRequest.isDate("２０２４-01-01"))
    }

    /// v3.0.0's free information on a part is kept and given back; longer than 50 characters is refused.
    @Test func partsAddInfoIsKeptAndBounded() throws {
        var json: JSONValue = [
            "traceId": .null, "operatorId": "b39e6248-c888-56ca-d9d0-89de1b1adc8e", "plantId": "b1234567-1234-1234-1234-123456789012",
            "partsName": "B01", "supportPartsName": .null, "terminatedFlag": false, "amountRequired": .null, "amountRequiredUnit": "kilogram",
            "partsLabelName": .null, "partsAddInfo1": "Ver3.0", "partsAddInfo2": "2024-12-01-2024-12-31", "partsAddInfo3": "任意の情報が入ります",
        ]
        let part = try OuranosPart(json: json)
        #expect(part.partsAddInfo == ["Ver3.0", "2024-12-01-2024-12-31", "任意の情報が入ります"])
        #expect(part.assigning(traceID: "00000000-0000-4000-8000-000000000001").json["partsAddInfo3"] == "任意の情報が入ります")
        #expect(try OuranosPart(json: part.json) == part)
        json.set(.string(String(repeating: "x", count: 51)), at: "/partsAddInfo2")
        #expect(throws: OuranosModelProblem.self) { try OuranosPart(json: json) }
    }

    @Test func anAmountOutsideOuranosBoundsIsRefused() throws {
        func part(amount: String) -> JSONValue {
            [
                "traceId": .null, "operatorId": "b39e6248-c888-56ca-d9d0-89de1b1adc8e", "plantId": "b1234567-1234-1234-1234-123456789012",
                "partsName": "B01", "supportPartsName": .null, "terminatedFlag": false, "amountRequired": .number(JSONNumber(text: amount)!),
                "amountRequiredUnit": "kilogram", "partsLabelName": .null,
            ]
        }
        #expect(try OuranosPart(json: part(amount: "2.5")).amountRequired?.text == "2.5")
        for amount in ["-5", "100000"] {
            #expect { try OuranosPart(json: part(amount: amount)) } throws: { error in
                (error as? OuranosModelProblem)?.description.contains("must be between 0 and 99999.99999, found \(amount)") == true
            }
        }
    }
}
