import Foundation
import TsunaguCore

extension MappingPlan {
    /// Translates one document with this mapping alone (without a reverse mapping, a carry
    /// extension holds the source fields no rule wrote faithfully).
    /// - Returns: the output document and what the translation lost.
    /// - Throws: ``MappingError`` with the JSON Pointer of the value that cannot be translated.
    public func translate(_ document: JSONValue, context: [String: JSONValue] = [:]) throws(MappingError) -> (document: JSONValue, losses: LossReport) {
        try translate(document, reverse: nil, carrying: true, context: context)
    }

    /// Translates `document`; with `reverse` (the mapping back), the carry extension holds exactly
    /// the edits that make `reverse` give the source back.
    func translate(
        _ document: JSONValue, reverse: MappingPlan?, carrying: Bool, detail: LossDetail = .exact,
        coverage: ReverseCoverage? = nil, reproduced: ReproducedFields? = nil, context: [String: JSONValue] = [:]
    ) throws(MappingError) -> (document: JSONValue, losses: LossReport) {
        let context = Self.timed(context, needed: needsClock(reverse: reverse))
        let measuresLosses = carry == nil && detail == .exact && reverse != nil
        var source = document
        var patch = CarryPatch()
        var outdated: [(field: [String], place: [String])] = []
        var unrecorded: [(field: [String], place: [String])] = []
        // The reading the whole patch came from, while nothing has been left out of it.
        var whole: CarryReadings.Reading?
        if let restore {
            let taken = try takeCarried(from: &source, at: restore, readings: derivedFields.carryReadings)
            patch = taken.patch
            outdated = patch.dropOutdated(comparedWith: source)
            // What the basis does not record depends on the pointers alone: a patch read whole
            // from one extension finds it kept with the extension's reading.
            unrecorded = patch.dropUnrecorded(feeding: derivedFields, outside: restore.array.tokens, known: outdated.isEmpty ? taken.reading : nil)
            whole = outdated.isEmpty && unrecorded.isEmpty ? taken.reading : nil
        }
        // The reproduced fields spare running the whole reverse mapping only while the pivot holds
        // what the forward rules wrote from the source: no carried field put back at, above or below
        // a pair's pivot field, every watched rule faithful.
        let shortcut = carrying && carry != nil && (patch.isEmpty || reproduced?.keepsPivotFields(restoring: patch) == true) ? reproduced : nil
        let execution = PlanExecution(
            plan: self, root: source, tracking: carrying && (carry == nil || reverse == nil), context: context,
            watching: shortcut?.watched ?? [])
        var output = JSONValue.object(JSONObject(minimumCapacity: nodes.count))
        try execution.run(nodes, scope: SourceScope(value: source, tokens: []), into: &output)
        execution.pending.settle(from: 0, in: output, marking: execution.consumed)
        do {
            try patch.apply(to: &output, reading: whole)
        } catch {
            throw MappingError.value("the carried fields cannot be put back: \(error.reason)", at: restore?.array.tokens, mapping: id)
        }
        var losses = LossReport()
        // A run that only rebuilds a document for comparison needs no report.
        guard carrying else { return (output, losses) }
        if let carry {
            var carried = CarryPatch()
            if let reverse {
                // The way home removes the carry extension (and an array it leaves empty) before any
                // rule runs: without an extensions array the output already is what the rules see.
                var trial = output
                if output[pointer: carry.array] != nil {
                    try append(CarryPatch().data, to: &trial, at: carry)
                }
                if let shortcut, !execution.watch.unfaithful,
                    let found = try shortcut.carry(source: source, pivot: trial, reverse: reverse, context: context)
                {
                    carried = found
                } else {
                    let rebuilt = try reverse.translate(trial, reverse: nil, carrying: false, context: context).document
                    carried = CarryPatch.diff(original: source, rebuilt: rebuilt)
                }
            } else {
                carried.writes = execution.unmarkedLeaves().map { ($0.pointer, $0.value) }
            }
            // An empty extensions array that the rules wrote goes home with an empty carry
            // extension, so the way home takes the array out with it, as the carry above assumed.
            // One that the restored fields put back is the source's own and stays as it is.
            let emptyArray = output[pointer: carry.array] == .array([]) && !patch.writes.contains { $0.pointer == carry.array.tokens }
            if !carried.isEmpty || emptyArray {
                let layout = carried.recordBasis(derivedFields, home: reverse?.derivedFields, in: output, outside: carry.array.tokens)
                try append(carried.data(layout: layout), to: &output, at: carry)
            }
            let written = "carried in \(carry.dataSchema)"
            let removed = "absent from the source; carried as a removal in \(carry.dataSchema)"
            losses.carried = carried.writes.map {
                LossReport.Entry(mapping: id, pointer: JSONPointer(tokens: $0.pointer), kind: $0.value.typeName, explanation: written)
            } + carried.remove.map {
                LossReport.Entry(mapping: id, pointer: JSONPointer(tokens: $0), kind: nil, explanation: removed)
            }
        } else {
            // Lost is what the partner does not receive: the leaves no rule wrote faithfully, and,
            // measured exactly, of those only the ones a translation back does not reproduce (a
            // value the reverse mapping rebuilds from others, or its own constant, is not lost).
            // What the reverse mapping writes is known from its plan: it runs only when that cannot
            // tell (or when the output holds an extension the reverse mapping would restore).
            var lost = execution.unmarkedLeaves()
            if let reverse, measuresLosses, !lost.isEmpty {
                var known: [(pointer: [String], value: JSONValue)]?
                if let coverage, coverage.restore.map({ output[pointer: $0.array] == nil }) ?? true {
                    // The reverse mapping's conditions read its input: this output.
                    let reading = PlanExecution(plan: reverse, root: output, tracking: false, context: context)
                    let scope = SourceScope(value: output, tokens: [])
                    known = coverage.lost(lost) { reading.holds($0, in: scope) }
                }
                if let known {
                    lost = known
                } else {
                    let rebuilt = try reverse.translate(output, reverse: nil, carrying: false, context: context).document
                    let missing = Set(CarryPatch.lostLeaves(original: source, rebuilt: rebuilt).map(\.pointer))
                    lost = lost.filter { missing.contains($0.pointer) }
                }
            }
            losses.unmapped = lost.map { leaf in
                LossReport.Entry(
                    mapping: id, pointer: JSONPointer(tokens: leaf.pointer), kind: leaf.value.typeName,
                    explanation: drops.first { $0.matches(leaf.pointer) }?.reason
                )
            }
        }
        losses.outdated = outdated.map { entry in
            LossReport.Entry(
                mapping: id, pointer: JSONPointer(tokens: entry.field), kind: nil,
                explanation: "\(JSONPointer(tokens: entry.place)) changed since it was carried")
        } + unrecorded.map { entry in
            LossReport.Entry(
                mapping: id, pointer: JSONPointer(tokens: entry.field), kind: nil,
                explanation: "the carry did not record \(JSONPointer(tokens: entry.place)), which this field is written from (a carry made before carries recorded their basis, or not by a translation)")
        }
        // A default that the restored fields replaced (or removed) is not what the output says.
        losses.defaulted = execution.defaults.fills.compactMap { fill in
            let pointer = DefaultLog.pointer(of: fill)
            if patch.writes.contains(where: { Self.tokens(pointer.tokens, startWith: $0.pointer) })
                || patch.remove.contains(where: { Self.tokens(pointer.tokens, startWith: $0) })
            {
                return nil
            }
            return LossReport.Entry(mapping: id, pointer: pointer, kind: fill.value.typeName, explanation: fill.rule.reason)
        }
        losses.unfilled = unfilled(in: output).map {
            LossReport.Entry(mapping: id, pointer: $0.pointer, kind: nil, explanation: $0.reason)
        }
        return (output, losses)
    }

    /// Whether a rule of this plan, or of `reverse` (which runs to find the carry), reads `now`.
    func needsClock(reverse: MappingPlan?) -> Bool {
        readsNow || reverse?.readsNow == true
    }

    /// `context` with the current time as `now` when `needed` and the caller gave none: one instant
    /// per translation, so every rule that reads `now` writes the same time.
    static func timed(_ context: [String: JSONValue], needed: Bool, clock: () -> Date = { Date() }) -> [String: JSONValue] {
        guard needed, context["now"] == nil else { return context }
        var timed = context
        timed["now"] = .string(Timestamp.format(clock()))
        return timed
    }

    /// The required fields `output` lacks, each container on their way looked up once.
    private func unfilled(in output: JSONValue) -> [RequiredField] {
        guard !requires.isEmpty else { return [] }
        var missing = [Bool](repeating: false, count: requires.count)
        requiredTree.check(output, missing: &missing)
        return requires.indices.filter { missing[$0] }.map { requires[$0] }
    }

    /// Adds a carry extension holding `data` (a patch's) to the array of extensions at `carry`.
    private func append(_ data: JSONValue, to output: inout JSONValue, at carry: ExtensionPlace) throws(MappingError) {
        var extensions = output[pointer: carry.array]?.arrayValue ?? []
        extensions.append(["specVersion": "2.0.0", "dataSchema": .string(carry.dataSchema), "data": data])
        do {
            try OutputWriter.write(.array(extensions), at: OutputWriter.tokens(of: carry.array)[...], into: &output)
        } catch {
            throw MappingError.value("cannot add the carry extension at \(carry.array): \(error.reason)", at: nil, mapping: id)
        }
    }

    /// Removes the carry extensions named by `place` from `document` (and the array, when left
    /// empty) and returns their edits.
    func takeCarried(from document: inout JSONValue, at place: ExtensionPlace) throws(MappingError) -> CarryPatch {
        try takeCarried(from: &document, at: place, readings: nil).patch
    }

    /// Removes the carry extensions named by `place` from `document` (and the array, when left
    /// empty) and returns their edits, reading pointers through `readings` when given.
    /// - Returns: the edits, and the reading they came from when one extension held them all.
    func takeCarried(
        from document: inout JSONValue, at place: ExtensionPlace, readings: CarryReadings?
    ) throws(MappingError) -> (patch: CarryPatch, reading: CarryReadings.Reading?) {
        guard case .array(let extensions)? = document[pointer: place.array] else { return (CarryPatch(), nil) }
        var kept: [JSONValue] = []
        var patch = CarryPatch()
        var reading: CarryReadings.Reading?
        var found = false
        for (index, element) in extensions.enumerated() {
            guard element["dataSchema"]?.stringValue == place.dataSchema else {
                kept.append(element)
                continue
            }
            guard let data = element["data"], let carried = CarryPatch.read(data, readings: readings) else {
                throw MappingError.value(
                    "the carry extension's data must be {\"set\": {pointer: value}, \"remove\": [pointer], \"basis\": [{\"place\": pointer, \"value\": value, \"fields\": [pointer]}]}",
                    at: place.array.tokens + [String(index), "data"], mapping: id)
            }
            if found {
                patch.writes += carried.patch.writes
                patch.remove += carried.patch.remove
                patch.basis += carried.patch.basis
                reading = nil
            } else {
                patch = carried.patch
                reading = carried.reading
            }
            found = true
        }
        guard found else { return (patch, nil) }
        if kept.isEmpty {
            OutputWriter.remove(at: place.array.tokens[...], from: &document)
        } else {
            OutputWriter.replace(at: place.array.tokens[...], with: .array(kept), in: &document)
        }
        return (patch, reading)
    }

    /// Whether `prefix` is `tokens` or leads to it (as `starts(with:)`, indexed rather than through
    /// two iterators: the loss report asks it for every default against every restored field).
    static func tokens(_ tokens: [String], startWith prefix: [String]) -> Bool {
        guard prefix.count <= tokens.count else { return false }
        for index in prefix.indices where tokens[index] != prefix[index] {
            return false
        }
        return true
    }

    /// Orders pointers so that array elements are written from the lowest index up.
    static func pointerOrder(_ left: [String], _ right: [String]) -> Bool {
        for (a, b) in zip(left, right) where a != b {
            // Array indices (digits without leading zeros) order by length first, then by text.
            if let first = a.utf8.first, let second = b.utf8.first, (48...57).contains(first), (48...57).contains(second),
                a.utf8.count != b.utf8.count, a.utf8.allSatisfy({ (48...57).contains($0) }), b.utf8.allSatisfy({ (48...57).contains($0) })
            {
                return a.utf8.count < b.utf8.count
            }
            return a < b
        }
        return left.count < right.count
    }
}
