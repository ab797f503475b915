import TsunaguCore
import TsunaguSchema

extension PACTConformanceSuite {
    /// The footprint check that validates against the PACT schema of the spec version
    /// (`pact@2.3.0` or `pact@3.0.0`) and the schemas of registered data model extensions.
    /// - Returns: a validator that reports error diagnostics only.
    public static func schemaValidator(_ registry: SchemaRegistry) -> FootprintValidator {
        { footprint, spec in
            registry.validateFootprint(footprint, model: spec.version.model).filter { $0.severity == .error }.map(\.description)
        }
    }
}
