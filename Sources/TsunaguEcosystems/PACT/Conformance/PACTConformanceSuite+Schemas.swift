import TsunaguCore
import TsunaguSchema

extension PACTConformanceSuite {
    /// The footprint check that validates against the PACT schema of the spec version
    /// (`pact@2.3.0` or `pact@3.0.0`); the registered data model extensions (GxD) are checked too,
    /// but only warned about: PACT requires an extension's `data` to be an object, and the
    /// official conformance tool does not look inside it.
    /// - Returns: a validator whose errors are the PACT schema's error diagnostics.
    public static func schemaValidator(_ registry: SchemaRegistry) -> FootprintValidator {
        { footprint, spec in
            let pact = (registry.validate(footprint, model: spec.version.model) ?? [])
                .filter { $0.severity == .error }.map(\.description)
            let found = pact.isEmpty ? registry.validateFootprint(footprint, model: spec.version.model).filter { $0.severity == .error } : []
            let extensions = found.filter { $0.pointer?.tokens.first == "extensions" }.map { "data model extension: \($0.description)" }
            return (pact, extensions)
        }
    }
}
