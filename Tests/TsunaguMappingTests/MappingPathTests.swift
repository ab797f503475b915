import Testing
@testable import TsunaguMapping

@Suite struct MappingPathTests {
    @Test func parsesEveryTokenKind() throws {
        let path = try MappingPath.parse("/cfp/[cfpType=mainProduction]/a~1b/*/0/-").get()
        #expect(!path.isRelative)
        #expect(path.tokens == [
            .member("cfp", index: nil), .select(member: "cfpType", value: "mainProduction"), .member("a/b", index: nil),
            .wildcard, .member("0", index: 0), .append,
        ])
    }

    @Test func relativePathsStartWithDotSlash() throws {
        let path = try MappingPath.parse("./ruleNames/01").get()
        #expect(path.isRelative)
        #expect(path.tokens == [.member("ruleNames", index: nil), .member("01", index: nil)])
    }

    @Test(arguments: ["pcf/x", "/a/-/b", "/a/[noequals]", "/a~2"])
    func rejectsMalformedPaths(_ text: String) {
        if case .success = MappingPath.parse(text) { Issue.record("\(text) parsed") }
    }
}
