extension CompiledRule {
    /// Whether the rule writes a value into every output: no condition, no step that could drop the
    /// value, and a constant or a default to fall back on.
    var alwaysWrites: Bool {
        guard condition == nil, steps.isEmpty else { return false }
        if case .constant = producer { return true }
        return fallback != nil
    }
}
