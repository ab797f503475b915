import Testing
import TsunaguCore
@testable import TsunaguPolicy

@Suite struct ConstraintPlanEvaluateTests {
    func plan(_ constraint: String) throws -> ConstraintPlan {
        try #require(try Fixtures.compile(Fixtures.permitting(constraint)).get().policies.first?.permissions.first?.constraint)
    }

    @Test func outcomesListEveryAtomInOrder() throws {
        let tree = try plan(#"{"or": [{"leftOperand": "tsunagu:ClientId", "operator": "eq", "rightOperand": "c2"}, {"and": [{"leftOperand": "tsunagu:Tenant", "operator": "eq", "rightOperand": "t1"}, {"leftOperand": "Precedence", "operator": "eq", "rightOperand": "x"}]}]}"#)
        let outcomes = tree.outcomes(for: Fixtures.request(), absentFacts: .grantNothing)
        #expect(outcomes.map(\.constraint) == ["ClientId eq c2", "Tenant eq t1", "Precedence eq x"])
        #expect(outcomes.map(\.isSatisfied) == [false, true, true])
        #expect(outcomes.map(\.isContractTerm) == [false, false, true])
        #expect(outcomes[1].pointer == JSONPointer(tokens: ["permission", "0", "constraint", "or", "1", "and", "0"]))
        #expect(tree.isSatisfied(by: Fixtures.request(), absentFacts: .grantNothing))
    }
}
