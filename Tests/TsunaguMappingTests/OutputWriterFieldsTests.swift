import Testing
import TsunaguCore
@testable import TsunaguMapping

@Suite struct OutputWriterFieldsTests {
    /// The fields written one `write(_:at:into:)` at a time: the result, or the first conflict.
    private func oneByOne(_ fields: [(pointer: [String], value: JSONValue)], into start: JSONValue) -> Result<JSONValue, OutputWriter.Conflict> {
        var document = start
        for field in fields {
            do {
                try OutputWriter.write(field.value, at: OutputWriter.tokens(of: field.pointer)[...], into: &document)
            } catch {
                return .failure(error)
            }
        }
        return .success(document)
    }

    private func together(_ fields: [(pointer: [String], value: JSONValue)], into start: JSONValue) -> Result<JSONValue, OutputWriter.Conflict> {
        var document = start
        do {
            try OutputWriter.write(fields[...], into: &document)
        } catch {
            return .failure(error)
        }
        return .success(document)
    }

    /// Both documents the same, or both conflicts with the same reason.
    private func expectSame(
        _ expected: Result<JSONValue, OutputWriter.Conflict>, _ actual: Result<JSONValue, OutputWriter.Conflict>, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        switch (expected, actual) {
        case (.success(let left), .success(let right)):
            #expect(left == right, "\(label)", sourceLocation: sourceLocation)
        case (.failure(let left), .failure(let right)):
            #expect(left.reason == right.reason, "\(label)", sourceLocation: sourceLocation)
        default:
            Issue.record("expected \(expected) but got \(actual) for \(label)", sourceLocation: sourceLocation)
        }
    }

    private func fields(_ list: [(String, String)]) throws -> [(pointer: [String], value: JSONValue)] {
        try list.map { (try #require(JSONPointer(parsing: $0.0)).tokens, try json($0.1)) }
    }

    @Test func sharedWalksGiveWhatOneWriteAtATimeGives() throws {
        let start = try json(#"{"a":{"b":[{"c":1}],"k":"x"},"n":null,"arr":[1,2]}"#)
        let cases: [[(String, String)]] = [
            [("/a/b/0/c", "2"), ("/a/b/0/d", "3"), ("/a/b/1/e", "4"), ("/a/k", "\"y\""), ("/z/0/q", "true")],
            // A value set whole, then written into: the later writes go into the new value.
            [("/a", "{}"), ("/a/b", "[]"), ("/a/b/0", "null"), ("/a/b/0/x", "1"), ("/a/c", "2")],
            // Containers created from null, shaped by the first field's next token.
            [("/n/0/a", "1"), ("/n/0/b", "2"), ("/n/1", "3"), ("/fresh/x/0", "1"), ("/fresh/x/1", "2")],
            // `-` appends an element per field.
            [("/arr/-", "3"), ("/arr/-", "4"), ("/arr/-/x", "5"), ("/arr/0", "0")],
            // Runs of a key that come back later are walked again.
            [("/a/k", "1"), ("/b", "2"), ("/a/j", "3"), ("", #"{"whole":true}"#), ("/whole2", "1")],
            // Conflicts: an index beyond the end, a member name into an array, `-` into an object.
            [("/a/b/0/c", "9"), ("/a/b/5", "1"), ("/a/k", "\"never\"")],
            [("/a/k", "1"), ("/arr/x", "1")],
            [("/a/-", "1")],
            [("/a/k/deeper", "1")],
        ]
        for list in cases {
            let writes = try fields(list)
            expectSame(oneByOne(writes, into: start), together(writes, into: start), "\(list)")
        }
    }

    @Test func conflictsAreReportedAsTheSingleWriteReportsThem() throws {
        var document = try json(#"{"a":[1]}"#)
        #expect(throws: OutputWriter.Conflict.self) {
            try OutputWriter.write(try fields([("/a/0", "2"), ("/a/3", "1")])[...], into: &document)
        }
        let result = together(try fields([("/a/3", "1")]), into: try json(#"{"a":[1]}"#))
        guard case .failure(let conflict) = result else {
            Issue.record("expected a conflict")
            return
        }
        #expect(conflict.reason == "index 3 is beyond the end of an array of 1")
    }

    @Test func arrangedWritesGiveWhatTheSortedWalkGives() throws {
        let start = try json(#"{"a":{"b":[{"c":1}],"k":"x"},"n":null,"arr":[1,2],"list":[0,1,2,3,4,5,6,7,8,9,10]}"#)
        let cases: [[(String, String)]] = [
            [("/a/k", "\"y\""), ("/z/0/q", "true"), ("/a/b/0/d", "3"), ("/a/b/0/c", "2"), ("/a/b/1/e", "4")],
            [("/a/c", "2"), ("/a/b/0/x", "1"), ("/a", "{}"), ("/a/b", "[]"), ("/a/b/0", "null")],
            // Index 10 after index 9, not between 1 and 2.
            [("/list/10", "\"ten\""), ("/list/9", "\"nine\""), ("/list/1", "\"one\""), ("/list/11", "11")],
            [("/arr/-", "3"), ("/arr/-", "4"), ("/arr/-/x", "5"), ("/arr/0", "0")],
            [("/n/1", "3"), ("/n/0/b", "2"), ("/n/0/a", "1"), ("/fresh/x/1", "2"), ("/fresh/x/0", "1")],
            [("/a/b/5", "1"), ("/a/b/0/c", "9")],
            [("/a/k/deeper", "1")],
        ]
        for list in cases {
            let writes = try fields(list)
            let expected = together(writes.sorted { MappingPlan.pointerOrder($0.pointer, $1.pointer) }, into: start)
            var document = start
            let actual: Result<JSONValue, OutputWriter.Conflict>
            do {
                try ArrangedWrites(writes.map(\.pointer)).write(writes.map(\.value), into: &document)
                actual = .success(document)
            } catch {
                actual = .failure(error)
            }
            expectSame(expected, actual, "\(list)")
        }
    }
}
