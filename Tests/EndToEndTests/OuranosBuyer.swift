import AsyncHTTPClient
import Foundation
import TsunaguCore
import TsunaguEcosystems

/// An Ouranos-side buyer as the tutorial describes it, calling a gateway with `OuranosClient`:
/// log in, register its part with the bought component, find the supplier, put a trade request
/// about the component, poll the status, read the CFP.
struct OuranosBuyer {
    let client: OuranosClient
    let account: String
    let password: String

    struct Outcome {
        let status: OuranosStatus
        let values: [OuranosCFP]
        let traceID: String
        let seconds: TimeInterval
    }

    /// Asks `supplier` for the CFP of `productID` and waits until the status is no longer `NOT_COMPLETED`.
    func ask(supplier: CorporateNumber, productID: String, timeout: TimeInterval = 20) async throws -> Outcome {
        let tokens = try await client.login(accountID: account, password: password)
        let me = try await client.currentOperator(accessToken: tokens.accessToken)
        let upstream = try await client.operatorInfo(corporateNumber: supplier, accessToken: tokens.accessToken)
        let plant = "0cc8b4be-c727-4411-b478-2c874fbc6c25"
        let structure = OuranosPartsStructure(
            parent: OuranosPart(operatorID: me.operatorID, plantID: plant, partsName: "Drive unit", supportPartsName: "2026", amountRequired: nil, amountRequiredUnit: nil),
            children: [OuranosPart(operatorID: me.operatorID, plantID: plant, partsName: productID, supportPartsName: nil, amountRequired: JSONNumber(text: "2.5"), amountRequiredUnit: "kilogram")]
        )
        let parts = try await client.putPartsStructure(structure, accessToken: tokens.accessToken)
        let traceID = try requireValue(parts.children.first?.traceID, "the child trace id")
        let started = Date()
        let receipt = try await client.putTradeRequest(
            OuranosTradeRequest(downstreamOperatorID: me.operatorID, upstreamOperatorID: upstream.operatorID, downstreamTraceID: traceID, message: "来月中にご回答をお願いします。", responseDueDate: "2026-12-31"),
            accessToken: tokens.accessToken
        )
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let statuses = try await client.statuses(target: nil, statusID: receipt.status.statusID, accessToken: tokens.accessToken)
            if let status = statuses.first, status.responseStatus != .notCompleted {
                let values = try await client.cfps(traceIDs: [traceID], accessToken: tokens.accessToken)
                return Outcome(status: status, values: values, traceID: traceID, seconds: Date().timeIntervalSince(started))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw OuranosBuyerError(description: "the trade request was not answered within \(timeout) s")
    }
}

struct OuranosBuyerError: Error, CustomStringConvertible {
    let description: String
}

/// The value, or a test failure naming what was missing.
func requireValue<Value>(_ value: Value?, _ what: String = "value") throws -> Value {
    guard let value else { throw OuranosBuyerError(description: "missing \(what)") }
    return value
}
