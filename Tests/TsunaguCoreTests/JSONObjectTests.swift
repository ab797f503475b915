import Testing
import TsunaguTestSupport
@testable import TsunaguCore

/// `JSONObject` behaves as a dictionary of members: order-free equality and hashing, lookups
/// that compare names (not only hashes), and the same answers below and above its index threshold.
@Suite struct JSONObjectTests {
    @Test func equalityAndHashingIgnoreMemberOrder() {
        let forward: JSONObject = ["a": 1, "b": "two", "c": [true, nil]]
        let backward: JSONObject = ["c": [true, nil], "b": "two", "a": 1]
        #expect(forward == backward)
        #expect(Set([JSONValue.object(forward), .object(backward)]).count == 1)
        #expect(forward != ["a": 1, "b": "two", "c": [true]], "a value differs")
        #expect(forward != ["a": 1, "b": "two", "d": [true, nil]], "a name differs")
        #expect(forward != ["a": 1, "b": "two"], "a member is missing")
        #expect(JSONObject(["a": 1, "b": 2] as [String: JSONValue]) == ["b": 2, "a": 1])
    }

    @Test func namesThatShareAHashAreStillToldApart() {
        var object = JSONObject()
        object.append(JSONKey(precomputed: "first", hash: 7), "one")
        object.append(JSONKey(precomputed: "second", hash: 7), "two")
        #expect(object[JSONKey(precomputed: "first", hash: 7)] == "one")
        #expect(object[JSONKey(precomputed: "second", hash: 7)] == "two")
        #expect(object[JSONKey(precomputed: "third", hash: 7)] == nil)
    }

    /// JSON compares names by their characters' code points: `"é"` precomposed and decomposed
    /// are two members, whether the object is small or indexed.
    @Test(arguments: [0, JSONObject.indexThreshold + 5])
    func namesAreComparedByTheirBytes(otherMembers: Int) throws {
        let (composed, decomposed) = ("caf\u{E9}", "cafe\u{301}")
        #expect(composed == decomposed, "Swift's String calls them equal")
        var object = JSONObject()
        for number in 0..<otherMembers { object["m\(number)"] = .number(JSONNumber(number)) }
        object[composed] = 1
        object[decomposed] = 2
        #expect(object.count == otherMembers + 2)
        #expect(object[composed] == 1 && object[decomposed] == 2)
        #expect(object != object.filter { $0.key.utf8.count != decomposed.utf8.count }.merging([decomposed: 1]) { $1 })
        let parsed = try JSONParser().parse(#"{"caf\#u{E9}": 1, "cafe\#u{301}": 2}"#)
        #expect(parsed.objectValue?.count == 2, "not refused as a repeated name")
    }

    @Test func aChangeThroughTheSubscriptChangesTheMemberInPlace() {
        var object: JSONObject = ["list": [1]]
        if case .array(var elements)? = object["list"] {
            elements.append(2)
            object["list"] = .array(elements)
        }
        object["added", default: .array([])] = ["x"]
        object["list"]?.set("y", at: JSONPointer(tokens: ["-"]))
        #expect(object["list"] == [1, 2, "y"])
        #expect(object["added"] == ["x"])
        object["list"] = nil
        #expect(object["list"] == nil && object.count == 1)
        #expect(object.take(JSONKey("added")) == ["x"])
        #expect(object["added"] == .null, "a taken member holds null until it is written again")
    }

    @Test(arguments: [5, JSONObject.indexThreshold + 1, 300])
    func answersAsADictionaryWouldThroughAnySequenceOfChanges(size: Int) {
        var generator = SeededRandom(seed: UInt64(size))
        var object = JSONObject()
        var model: [String: JSONValue] = [:]
        for step in 0..<(size * 6) {
            let name = "member-\(Int.random(in: 0..<size, using: &generator))"
            switch Int.random(in: 0..<4, using: &generator) {
            case 0:
                #expect(object.removeValue(forKey: name) == model.removeValue(forKey: name))
            case 1:
                #expect(object.updateValue(.number(JSONNumber(step)), forKey: name) == model.updateValue(.number(JSONNumber(step)), forKey: name))
            default:
                object[name] = .string("\(step)")
                model[name] = .string("\(step)")
            }
            #expect(object[name] == model[name])
        }
        #expect(object.count == model.count)
        #expect(object.dictionary == model)
        #expect(object == JSONObject(model), "equal to the same members added in another order")
        for name in model.keys {
            #expect(object[name] == model[name])
        }
    }

    @Test func theWriterSortsMembersWhateverOrderTheyWereAddedIn() {
        var object = JSONObject()
        for name in ["zeta", "alpha", "Mu", "beta"] { object[name] = .string(name) }
        #expect(JSONWriter().string(.object(object)) == #"{"Mu":"Mu","alpha":"alpha","beta":"beta","zeta":"zeta"}"#)
    }
}
