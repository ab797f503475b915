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

    /// Paths of different plans share one string per member name, so a lookup of a member that
    /// one plan wrote, made with another plan's path, recognises its key by identity.
    @Test func pathsShareOneStringPerMemberName() throws {
        let written = try MappingPath.parse("/pcf/pcfExcludingBiogenicUptake").get()
        let read = try MappingPath.parse("/productionStage/0/pcfExcluding" + "BiogenicUptake").get()
        func storage(_ token: MappingPath.Token?) -> UnsafeRawPointer? {
            guard case .member(let name, _)? = token else { return nil }
            return name.name.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
        }
        let shared = try #require(storage(written.tokens.last))
        #expect(storage(read.tokens.last) == shared)
        let unrelated = "/other/pcfExcluding" + "BiogenicUptakes"
        #expect(storage(try MappingPath.parse(unrelated).get().tokens.last) != shared)
    }
}
