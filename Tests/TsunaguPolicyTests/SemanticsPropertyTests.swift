import Testing
import TsunaguCore
@testable import TsunaguPolicy
import TsunaguTestSupport

/// Random policies and requests over a small universe, so constraints often hold and often fail.
struct RandomPolicies {
    var rng: SeededRandom

    static let clients = ["c1", "c2", "c3"]
    static let bpns = ["BPNL000000000001", "BPNL000000000002"]
    static let purposes = ["p1", "p2", "p3"]

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

    mutating func list(_ items: [String]) -> String {
        let chosen = items.filter { _ in chance(50) }
        return "[" + (chosen.isEmpty ? [items[0]] : chosen).map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }

    mutating func atom() -> String {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0:
            let op = pick(["eq", "neq", "isAnyOf", "isNoneOf"])
            let right = op.hasPrefix("is") ? list(Self.clients) : "\"\(pick(Self.clients))\""
            return #"{"leftOperand": "tsunagu:ClientId", "operator": "\#(op)", "rightOperand": \#(right)}"#
        case 1:
            let op = pick(["eq", "isAnyOf", "isNoneOf"])
            let right = op.hasPrefix("is") ? list(Self.bpns) : "\"\(pick(Self.bpns))\""
            return #"{"leftOperand": "BusinessPartnerNumber", "operator": "\#(op)", "rightOperand": \#(right)}"#
        case 2:
            let op = pick(["eq", "neq", "isAnyOf", "isAllOf", "isNoneOf", "isPartOf"])
            let right = ["eq", "neq"].contains(op) ? "\"\(pick(Self.purposes))\"" : list(Self.purposes)
            return #"{"leftOperand": "UsagePurpose", "operator": "\#(op)", "rightOperand": \#(right)}"#
        default:
            return #"{"leftOperand": "tsunagu:Ecosystem", "operator": "\#(pick(["eq", "neq"]))", "rightOperand": "\#(pick(["pact", "catenax"]))"}"#
        }
    }

    mutating func constraint(depth: Int = 0) -> String {
        guard depth < 2, chance(35) else { return atom() }
        let operands = (0..<Int.random(in: 1...3, using: &rng)).map { _ in constraint(depth: depth + 1) }
        return #"{"\#(pick(["and", "or", "xone"]))": [\#(operands.joined(separator: ", "))]}"#
    }

    mutating func rule() -> String {
        let action = pick(["use", "use", "distribute", "access"])
        return chance(20) ? #"{"action": "\#(action)"}"# : #"{"action": "\#(action)", "constraint": \#(constraint())}"#
    }

    mutating func rules(_ count: Int) -> [String] { (0..<count).map { _ in rule() } }

    static func policy(permissions: [String], prohibitions: [String] = []) -> String {
        #"{"@type": "Set", "@id": "p", "permission": [\#(permissions.joined(separator: ", "))], "prohibition": [\#(prohibitions.joined(separator: ", "))]}"#
    }

    mutating func request() -> DecisionRequest {
        Fixtures.request(
            chance(50) ? .use : .distribute, ecosystem: pick([.pact, .catenax]), clientID: chance(85) ? pick(Self.clients) : nil,
            bpn: chance(70) ? pick(Self.bpns) : nil, purposes: Set(Self.purposes.filter { _ in chance(40) }))
    }
}

@Suite struct SemanticsPropertyTests {
    static let rounds = 150
    static let requestsPerRound = 40

    func compile(_ text: String) throws -> PolicySet { try Fixtures.compile(text).get() }

    @Test func aProhibitionThatAppliesAlwaysBeatsEveryPermission() throws {
        var random = RandomPolicies(rng: SeededRandom(seed: 1))
        var checked = 0
        for _ in 0..<Self.rounds {
            let prohibition = random.rule()
            let permissions = random.rules(Int.random(in: 0...3, using: &random.rng)) + [#"{"action": "use"}"#, #"{"action": "distribute"}"#]
            let set = try compile(RandomPolicies.policy(permissions: permissions, prohibitions: [prohibition]))
            let prohibitionAlone = try compile(RandomPolicies.policy(permissions: [], prohibitions: [prohibition]))
            for _ in 0..<Self.requestsPerRound {
                let request = random.request()
                let rule = try #require(prohibitionAlone.policies.first?.prohibitions.first)
                guard rule.applies(to: request) else { continue }
                checked += 1
                let decision = set.decide(request)
                #expect(!decision.isPermitted)
                #expect(decision.reasons.allSatisfy { $0.kind == .prohibited })
            }
        }
        #expect(checked > 500)
    }

    @Test func addingAPermissionNeverRemovesAccess() throws {
        var random = RandomPolicies(rng: SeededRandom(seed: 2))
        var permittedBefore = 0
        for _ in 0..<Self.rounds {
            let permissions = random.rules(Int.random(in: 1...3, using: &random.rng))
            let prohibitions = random.chance(50) ? random.rules(1) : []
            let before = try compile(RandomPolicies.policy(permissions: permissions, prohibitions: prohibitions))
            var extended = permissions
            extended.insert(random.rule(), at: Int.random(in: 0...permissions.count, using: &random.rng))
            let after = try compile(RandomPolicies.policy(permissions: extended, prohibitions: prohibitions))
            for _ in 0..<Self.requestsPerRound {
                let request = random.request()
                guard before.decide(request).isPermitted else { continue }
                permittedBefore += 1
                #expect(after.decide(request).isPermitted)
            }
        }
        #expect(permittedBefore > 200)
    }

    @Test func withoutAPermissionEverythingIsDenied() throws {
        var random = RandomPolicies(rng: SeededRandom(seed: 3))
        for _ in 0..<Self.rounds {
            let set = try compile(RandomPolicies.policy(permissions: [], prohibitions: random.rules(Int.random(in: 0...3, using: &random.rng))))
            for _ in 0..<Self.requestsPerRound {
                #expect(!set.decide(random.request()).isPermitted)
            }
        }
    }

    @Test func aPermitAlwaysNamesThePermissionThatGranted() throws {
        var random = RandomPolicies(rng: SeededRandom(seed: 4))
        for _ in 0..<Self.rounds {
            let set = try compile(RandomPolicies.policy(permissions: random.rules(3)))
            for _ in 0..<Self.requestsPerRound {
                let decision = set.decide(random.request())
                if decision.isPermitted {
                    let reason = try #require(decision.reasons.first)
                    #expect(reason.kind == .permitted)
                    let index = try #require(reason.ruleIndex)
                    #expect(set.policies[0].permissions[index].actions.contains(decision.action))
                }
            }
        }
    }
}
