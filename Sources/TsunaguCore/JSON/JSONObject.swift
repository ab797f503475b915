/// The members of a JSON object, unordered as in JSON itself.
///
/// Footprint documents are made of many small objects (a dozen members or fewer) that mappings
/// look up member by member. A hash table with a seeded hash function costs more per lookup than
/// the lookup itself, so members are kept in a list, each with a cheap hash of its name
/// (``JSONKey``): a lookup compares hashes and then one name. A name looked up again and again
/// (a mapping's paths) is hashed once, as a ``JSONKey``. An object that grows past
/// ``indexThreshold`` members also gets a seeded index, so a partner's object of thousands of
/// members (or of names built to share one hash) is still looked up in constant time.
///
/// Two objects are equal when they hold the same members, in any order. Iteration follows the
/// order in which members were added, except that removing a member moves the last one into its
/// place. Names are compared as ``JSONKey`` compares them.
public struct JSONObject: Sendable {
    /// A member: its name, the name's hash, and its value.
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline let key: String
        @usableFromInline let hash: Int
        @usableFromInline var value: JSONValue

        @inlinable
        init(key: String, hash: Int, value: JSONValue) {
            self.key = key
            self.hash = hash
            self.value = value
        }
    }

    /// The members in the order they were added.
    @usableFromInline var entries: ContiguousArray<Entry>
    /// Member positions by name, kept once the object holds more than ``indexThreshold`` members.
    @usableFromInline var index: [JSONKey: Int]?

    /// Above this many members, lookups go through a seeded index instead of the list.
    public static let indexThreshold = 64

    /// An empty object.
    @inlinable
    public init() {
        entries = []
        index = nil
    }

    /// An empty object with room for `capacity` members.
    @inlinable
    public init(minimumCapacity capacity: Int) {
        entries = []
        entries.reserveCapacity(capacity)
        index = nil
    }

    /// The members of `dictionary`.
    public init(_ dictionary: [String: JSONValue]) {
        self.init(minimumCapacity: dictionary.count)
        for (key, value) in dictionary {
            append(JSONKey(key), value)
        }
    }

    /// The members of `members`; a name given twice keeps its last value.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        self.init()
        for (key, value) in members {
            self[key] = value
        }
    }

    /// The number of members.
    @inlinable
    public var count: Int { entries.count }

    /// Whether the object has no members.
    @inlinable
    public var isEmpty: Bool { entries.isEmpty }

    /// The member names, in the order they were added.
    public var keys: [String] {
        entries.map(\.key)
    }

    /// The member values, in the order their members were added.
    public var values: [JSONValue] {
        entries.map(\.value)
    }

    /// The members as a dictionary.
    public var dictionary: [String: JSONValue] {
        var result: [String: JSONValue] = Dictionary(minimumCapacity: entries.count)
        for entry in entries { result[entry.key] = entry.value }
        return result
    }

    /// The member at `position` (of ``startIndex``..<``endIndex``), its name with the hash taken
    /// when it was added: looking that name up in another object hashes nothing.
    @inlinable
    public func member(at position: Int) -> (key: JSONKey, value: JSONValue) {
        let entry = entries[position]
        return (JSONKey(precomputed: entry.key, hash: entry.hash), entry.value)
    }

    /// The members sorted by name (as `String` orders them): the order ``JSONWriter`` writes.
    public var sortedByKey: [(key: String, value: JSONValue)] {
        entries.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The position of the member `key` in ``entries``.
    @inlinable
    func position(of key: JSONKey) -> Int? {
        if let index { return index[key] }
        var position = 0
        let count = entries.count
        while position < count {
            if entries[position].hash == key.hash, entries[position].key == key.name { return position }
            position += 1
        }
        return nil
    }

    /// The value of the member `key`, or `nil`; setting `nil` removes the member.
    @inlinable
    public subscript(key: JSONKey) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return entries[position].value
        }
        _modify {
            if let position = position(of: key) {
                // The value is moved out so that a change made through the subscript finds it
                // uniquely referenced and changes it in place.
                var value: JSONValue? = entries[position].value
                entries[position].value = .null
                defer {
                    if let value { entries[position].value = value } else { remove(at: position) }
                }
                yield &value
            } else {
                var value: JSONValue?
                defer {
                    if let value { append(key, value) }
                }
                yield &value
            }
        }
    }

    /// Sets the member `key` to `value`, adding it when it is not there: what setting the
    /// subscript does, without the accessor's coroutine (a writer of many members calls it in a
    /// loop).
    @inlinable
    public mutating func set(_ value: JSONValue, for key: JSONKey) {
        if let position = position(of: key) {
            entries[position].value = value
        } else {
            append(key, value)
        }
    }

    /// The value of the member `key`, or `nil`; setting `nil` removes the member.
    @inlinable
    public subscript(key: String) -> JSONValue? {
        get { self[JSONKey(key)] }
        _modify { yield &self[JSONKey(key)] }
    }

    /// The value of the member `key`, or `defaultValue` (which a change through the subscript
    /// then adds as the member).
    @inlinable
    public subscript(key: String, default defaultValue: @autoclosure () -> JSONValue) -> JSONValue {
        get { self[JSONKey(key)] ?? defaultValue() }
        _modify { yield &self[JSONKey(key), default: defaultValue()] }
    }

    /// The value of the member `key`, or `defaultValue` (which a change through the subscript
    /// then adds as the member).
    @inlinable
    public subscript(key: JSONKey, default defaultValue: @autoclosure () -> JSONValue) -> JSONValue {
        get { self[key] ?? defaultValue() }
        _modify {
            let position: Int
            if let found = self.position(of: key) {
                position = found
            } else {
                append(key, defaultValue())
                position = entries.count - 1
            }
            var value = entries[position].value
            entries[position].value = .null
            defer { entries[position].value = value }
            yield &value
        }
    }

    /// Sets the member `key` to `value`.
    /// - Returns: the value it replaced, or `nil` when the member is new.
    @inlinable
    @discardableResult
    public mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
        let key = JSONKey(key)
        if let position = position(of: key) {
            let old = entries[position].value
            entries[position].value = value
            return old
        }
        append(key, value)
        return nil
    }

    /// Takes the value of the member `key` out, leaving `null` in its place for a later write of
    /// the same member to replace: the value is then uniquely referenced and can be changed in
    /// place. `nil` when there is no such member.
    @inlinable
    public mutating func take(_ key: JSONKey) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        let value = entries[position].value
        entries[position].value = .null
        return value
    }

    /// Removes the member `key`.
    /// - Returns: its value, or `nil` when there was none.
    @inlinable
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = position(of: JSONKey(key)) else { return nil }
        let value = entries[position].value
        remove(at: position)
        return value
    }

    /// The object with `transform` applied to every member value.
    public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var result = self
        for position in result.entries.indices {
            result.entries[position].value = try transform(result.entries[position].value)
        }
        return result
    }

    /// The members for which `isIncluded` holds.
    public func filter(_ isIncluded: ((key: String, value: JSONValue)) throws -> Bool) rethrows -> JSONObject {
        var result = JSONObject()
        for entry in entries where try isIncluded((entry.key, entry.value)) {
            result.append(JSONKey(precomputed: entry.key, hash: entry.hash), entry.value)
        }
        return result
    }

    /// Adds the members of `other`; `combine` decides a member both hold, from this value and the other.
    public mutating func merge(_ other: JSONObject, uniquingKeysWith combine: (JSONValue, JSONValue) throws -> JSONValue) rethrows {
        for entry in other.entries {
            let key = JSONKey(precomputed: entry.key, hash: entry.hash)
            if let position = position(of: key) {
                entries[position].value = try combine(entries[position].value, entry.value)
            } else {
                append(key, entry.value)
            }
        }
    }

    /// This object with the members of `other` added; `combine` decides a member both hold.
    public func merging(_ other: JSONObject, uniquingKeysWith combine: (JSONValue, JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var result = self
        try result.merge(other, uniquingKeysWith: combine)
        return result
    }

    /// Adds a member that is not there yet.
    @usableFromInline
    mutating func append(_ key: JSONKey, _ value: JSONValue) {
        entries.append(Entry(key: key.name, hash: key.hash, value: value))
        if index != nil {
            index?[key] = entries.count - 1
        } else if entries.count > Self.indexThreshold {
            buildIndex()
        }
    }

    /// Removes the member at `position`, moving the last member into its place: constant time,
    /// index included, however many members a partner's object has.
    @usableFromInline
    mutating func remove(at position: Int) {
        let last = entries.count - 1
        if index != nil {
            index?[JSONKey(precomputed: entries[position].key, hash: entries[position].hash)] = nil
            if position != last { index?[JSONKey(precomputed: entries[last].key, hash: entries[last].hash)] = position }
        }
        entries.swapAt(position, last)
        entries.removeLast()
    }

    private mutating func buildIndex() {
        var built: [JSONKey: Int] = Dictionary(minimumCapacity: entries.count)
        for (position, entry) in entries.enumerated() { built[JSONKey(precomputed: entry.key, hash: entry.hash)] = position }
        index = built
    }
}

/// The members, as a dictionary's elements.
extension JSONObject: RandomAccessCollection {
    /// A member: its name and value.
    public typealias Element = (key: String, value: JSONValue)

    /// The position of the first member.
    @inlinable public var startIndex: Int { 0 }
    /// The position after the last member.
    @inlinable public var endIndex: Int { entries.count }

    /// The member at `position`.
    @inlinable
    public subscript(position: Int) -> (key: String, value: JSONValue) {
        (entries[position].key, entries[position].value)
    }
}

extension JSONObject: Equatable {
    /// The same members, in any order.
    public static func == (left: JSONObject, right: JSONObject) -> Bool {
        guard left.entries.count == right.entries.count else { return false }
        var position = 0
        // Objects built by the same code usually hold their members in the same order.
        while position < left.entries.count {
            let (a, b) = (left.entries[position], right.entries[position])
            guard a.hash == b.hash, a.key == b.key else { break }
            guard a.value == b.value else { return false }
            position += 1
        }
        while position < left.entries.count {
            let entry = left.entries[position]
            guard let other = right[JSONKey(precomputed: entry.key, hash: entry.hash)], other == entry.value else { return false }
            position += 1
        }
        return true
    }
}

extension JSONObject: Hashable {
    /// Hashes the members in an order-independent way, as equality compares them.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for entry in entries {
            var member = Hasher()
            member.combine(JSONKey(precomputed: entry.key, hash: entry.hash))
            member.combine(entry.value)
            combined ^= member.finalize()
        }
        hasher.combine(entries.count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object of the given members; a name given twice keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject: CustomStringConvertible {
    /// The object as compact JSON text, members sorted by name.
    public var description: String { JSONWriter().string(.object(self)) }
}
