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

    /// Names are equal strings as Swift compares them everywhere else: `"é"` precomposed and
    /// decomposed, or the Kelvin sign and `K`, are one name, in a small object and an indexed one,
    /// and the parser refuses an object that names both.
    @Test(arguments: [0, JSONObject.indexThreshold + 5])
    func respelledNamesAreOneName(otherMembers: Int) throws {
        for (first, second) in [("caf\u{E9}", "cafe\u{301}"), ("K", "\u{212A}"), ("a\u{301}\u{316}", "a\u{316}\u{301}")] {
            #expect(first == second, "Swift's String calls them equal")
            var object = JSONObject()
            for number in 0..<otherMembers { object["m\(number)"] = .number(JSONNumber(number)) }
            object[first] = 1
            object[second] = 2
            #expect(object.count == otherMembers + 1)
            #expect(object[first] == 2 && object[second] == 2)
            #expect(throws: JSONParseError.self) { try JSONParser().parse(#"{"\#(first)": 1, "\#(second)": 2}"#) }
        }
        #expect(JSONKey.hash(of: "productIds") != JSONKey.respelledHash, "a plain name keeps a hash of its own")
        #expect(JSONKey.hash(of: "Kelvin") == JSONKey.respelledHash && JSONKey.hash(of: "a;b") == JSONKey.respelledHash)
    }

    /// Removing members keeps the others and the index right, in any order.
    @Test func removingMembersKeepsTheRest() {
        var object = JSONObject()
        for number in 0..<100 { object["m\(number)"] = .number(JSONNumber(number)) }
        for number in stride(from: 0, to: 100, by: 3) { object["m\(number)"] = nil }
        #expect(object.count == 66)
        for number in 0..<100 {
            #expect(object["m\(number)"] == (number % 3 == 0 ? nil : .number(JSONNumber(number))))
        }
    }

    /// `set(_:for:)` gives what setting the subscript gives: a new member added, an existing one
    /// replaced in place, a respelled name taken as the same member, above the index threshold too.
    @Test(arguments: [0, JSONObject.indexThreshold + 5])
    func settingAMemberMatchesTheSubscript(otherMembers: Int) {
        var viaSet = JSONObject()
        var viaSubscript = JSONObject()
        for number in 0..<otherMembers {
            viaSet.set(.number(JSONNumber(number)), for: JSONKey("m\(number)"))
            viaSubscript["m\(number)"] = .number(JSONNumber(number))
        }
        for (name, value) in [("a", JSONValue.string("one")), ("b", 2), ("a", "again"), ("caf\u{E9}", 3), ("cafe\u{301}", 4)] {
            viaSet.set(value, for: JSONKey(name))
            viaSubscript[name] = value
        }
        #expect(viaSet == viaSubscript)
        #expect(viaSet.count == otherMembers + 3)
        #expect(viaSet["a"] == "again" && viaSet["caf\u{E9}"] == 4)
        #expect(viaSet.keys.suffix(3) == ["a", "b", "caf\u{E9}"], "a replaced member keeps its place")
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
