import ArgumentParser
import Foundation
import TsunaguCore
import TsunaguPolicy

/// `tsunagu-bench policy`: policy decisions per second and median latency, next to a dictionary
/// lookup of the same selector measured in the same run.
struct PolicyBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Policy decisions per second and median latency (Catena-X five-constraint policy; 1,000 policies with selectors).")

    @Option(help: "Decisions per scenario.")
    var decisions = 200_000

    @Option(help: "Decisions per timed batch (the median is taken over batches).")
    var batch = 100

    func run() async throws {
        let single = try PolicySet.compile(documents: [(file: "catenax-five.json", text: Self.catenaXPolicy)])
        let many = try PolicySet.compile(documents: (0..<1_000).map { (file: "p\($0).json", text: Self.selectorPolicy($0)) })
        let catenaXRequests = [Self.catenaXRequest(bpn: "BPNL00000003AYRE"), Self.catenaXRequest(bpn: "BPNL00000003B2OM")]
        let manyRequests = (0..<1_000).map { Self.manyRequest($0 * 7919 % 1_000) }
        guard single.decide(catenaXRequests[0]).isPermitted, many.decide(manyRequests[0]).isPermitted else {
            throw ValidationError("the benchmark policies do not permit their requests")
        }
        let tenantIndex = Dictionary(uniqueKeysWithValues: (0..<1_000).map { ("tenant-\($0)", $0) })
        let productIndex = Dictionary(uniqueKeysWithValues: (0..<1_000).map { ("urn:bench:product:\($0)", $0) })

        print("policy decisions: \(decisions) per scenario, median over batches of \(batch), one core")
        print(Self.row("scenario", "decisions/s", "median µs", "baseline µs", "ratio", "permitted"))
        let scenarios: [(String, (Int) -> Bool, (Int) -> Bool)] = [
            ("Catena-X 5-constraint policy",
             { single.decide(catenaXRequests[$0 & 1]).isPermitted },
             { tenantIndex[catenaXRequests[$0 & 1].footprint.tenant] != nil }),
            ("1,000 policies with selectors",
             { many.decide(manyRequests[$0 % 1_000]).isPermitted },
             { productIndex[manyRequests[$0 % 1_000].footprint.productIDs[0]] != nil
                 || tenantIndex[manyRequests[$0 % 1_000].footprint.tenant] != nil }),
        ]
        for (name, decide, baseline) in scenarios {
            let measured = measure(decide)
            let base = measure(baseline)
            print(Self.row(name, String(format: "%.0f", measured.perSecond), String(format: "%.3f", measured.median),
                           String(format: "%.3f", base.median), String(format: "%.1fx", measured.median / max(base.median, 0.000_001)),
                           "\(measured.permitted)/\(base.permitted)"))
        }
    }

    /// Runs `work` `decisions` times in batches; returns decisions per second and the median µs per decision.
    private func measure(_ work: (Int) -> Bool) -> (perSecond: Double, median: Double, permitted: Int) {
        let clock = ContinuousClock()
        for index in 0..<min(decisions, 10_000) { _ = work(index) }
        var perDecision: [Double] = []
        var permitted = 0
        let total = clock.measure {
            var index = 0
            while index < decisions {
                let start = clock.now
                for step in 0..<batch where work(index + step) { permitted += 1 }
                let elapsed = clock.now - start
                perDecision.append(Self.microseconds(elapsed) / Double(batch))
                index += batch
            }
        }
        perDecision.sort()
        let median = perDecision.isEmpty ? 0 : perDecision[perDecision.count / 2]
        let seconds = Self.microseconds(total) / 1_000_000
        return (Double(perDecision.count * batch) / max(seconds, 1e-9), median, permitted)
    }

    private static func microseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1_000_000 + Double(attoseconds) / 1_000_000_000_000
    }

    private static func row(_ columns: String...) -> String {
        let widths = [32, 14, 12, 13, 8, 16]
        return zip(columns, widths).map { $0 + String(repeating: " ", count: max(0, $1 - $0.count)) }.joined()
    }

    static let catenaXPolicy = """
        {"@context": ["https://w3id.org/catenax/2025/9/policy/odrl.jsonld", "https://w3id.org/catenax/2025/9/policy/context.jsonld"],
         "@type": "Set", "@id": "catenax-five", "tsunagu:assignTo": {"tenant": "tenant-0"},
         "permission": [{"action": "use", "constraint": [{"and": [
            {"leftOperand": "FrameworkAgreement", "operator": "eq", "rightOperand": "DataExchangeGovernance:1.0"},
            {"leftOperand": "Membership", "operator": "eq", "rightOperand": "active"},
            {"leftOperand": "UsagePurpose", "operator": "isAnyOf", "rightOperand": ["cx.pcf.base:1", "cx.core.digitalTwinRegistry:1"]},
            {"leftOperand": "BusinessPartnerNumber", "operator": "isAnyOf", "rightOperand": ["BPNL00000003AYRE", "BPNL00000003B2OM", "BPNL00000003CRHK"]},
            {"leftOperand": "DataUsageEndDate", "operator": "eq", "rightOperand": "2030-12-31T23:59:59Z"}]}]}],
         "prohibition": [{"action": "use", "constraint": {"leftOperand": "UsageRestriction", "operator": "isAllOf", "rightOperand": ["cx.thirdParty.forbidden:1"]}}]}
        """

    static func selectorPolicy(_ index: Int) -> String {
        let selector = index % 2 == 0
            ? #"{"tenant": "tenant-\#(index)", "productIds": ["urn:bench:product:\#(index)"]}"#
            : #"{"tenant": "tenant-\#(index)"}"#
        return """
            {"@type": "Set", "@id": "p\(index)", "tsunagu:assignTo": \(selector),
             "permission": [{"action": "use", "constraint": [
                {"leftOperand": "tsunagu:Ecosystem", "operator": "eq", "rightOperand": "pact"},
                {"leftOperand": "tsunagu:ClientId", "operator": "isAnyOf", "rightOperand": ["client-\(index)", "client-shared"]}]}]}
            """
    }

    static func catenaXRequest(bpn: String) -> DecisionRequest {
        DecisionRequest(
            action: .use,
            requester: Requester(
                ecosystem: .catenax, tenant: "tenant-0", businessPartnerNumber: bpn, memberships: ["catena-x"],
                frameworkAgreements: [FrameworkAgreement("DataExchangeGovernance:1.0")], usagePurposes: ["cx.pcf.base:1"]),
            time: Date(timeIntervalSince1970: 1_780_000_000),
            footprint: FootprintFacts(tenant: "tenant-0", footprintID: "fp", productIDs: ["urn:bench:product:x"]))
    }

    static func manyRequest(_ index: Int) -> DecisionRequest {
        DecisionRequest(
            action: .use,
            requester: Requester(ecosystem: .pact, tenant: "tenant-\(index)", clientID: "client-shared"),
            time: Date(timeIntervalSince1970: 1_780_000_000),
            footprint: FootprintFacts(tenant: "tenant-\(index)", footprintID: "fp-\(index)", productIDs: ["urn:bench:product:\(index)"]))
    }
}
