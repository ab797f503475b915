extension SchemaEvaluator {
    /// How far an evaluation has gone down from the root: every nested check, and the `$ref`s
    /// followed since it last moved into a member or an item of the value.
    ///
    /// Only `$ref` can lead back to a schema already being applied, so a schema that refers to
    /// itself without end follows `$ref` after `$ref` on one value; a recursive schema applied to a
    /// deeply nested document does not, as each recursion moves one level into the document.
    struct Depth {
        /// `$ref`s followed on one value beyond this many are taken as a schema that refers to
        /// itself without end (real schemas chain a handful).
        static let maximumReferencesPerValue = 32
        /// Nested checks beyond this many are refused, so that no schema and document together can
        /// exhaust the stack (documents nest at most 64 levels, each taking a few checks).
        static let maximumSteps = 1_000

        /// The nested checks so far.
        private(set) var steps = 0
        /// The `$ref`s followed on the current value.
        private(set) var referencesOnValue = 0

        /// The problem with going on from here, or `nil` when within both bounds.
        var problem: String? {
            if referencesOnValue > Self.maximumReferencesPerValue {
                return "the schema refers to itself without end at this value (more than \(Self.maximumReferencesPerValue) $refs followed on it)"
            }
            if steps > Self.maximumSteps {
                return "the schema and the value nest too deeply at this value (more than \(Self.maximumSteps) nested checks)"
            }
            return nil
        }

        /// One check further on the same value (a combinator, a conditional, a dependent schema).
        var onSameValue: Depth { Depth(steps: steps + 1, referencesOnValue: referencesOnValue) }

        /// Following a `$ref` on the same value.
        var throughReference: Depth { Depth(steps: steps + 1, referencesOnValue: referencesOnValue + 1) }

        /// Moving into a member, an item or a property name of the value.
        var intoPart: Depth { Depth(steps: steps + 1, referencesOnValue: 0) }
    }
}
