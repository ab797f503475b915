import Testing
@testable import TsunaguRelay

@Suite struct RelayStateTests {
    @Test(arguments: RelayRequestTests.states)
    func onlyTheFourEndingsAreTerminalAndOnlyRefusalsCarryARejection(state: String) throws {
        let request = try RelayRequestTests.request(in: state)
        let terminal: Set = ["delivered", "rejected", "failed", "expired"]
        #expect(request.state.isTerminal == terminal.contains(state))
        #expect((request.state.rejection != nil) == (terminal.contains(state) && state != "delivered"))
        #expect((request.answer != nil) == terminal.contains(state))
    }
}
