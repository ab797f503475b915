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

    /// The callback check that validates an event against its definition in the PACT schema of
    /// the spec version (`urn:tsunagu:schema:pact@3.0.0#/$defs/RequestRejectedEvent`, say), as
    /// the official tool does. The footprints of a fulfilled event are checked on their own
    /// (with their extensions), so their problems are left out here.
    public static func eventValidator(_ registry: SchemaRegistry) -> EventValidator {
        { event, kind, spec in
            let definition = kind == .requestFulfilled ? "RequestFulfilledEvent" : "RequestRejectedEvent"
            let url = "urn:tsunagu:schema:\(spec.version.model)#/$defs/\(definition)"
            guard let problems = registry.validate(event, schemaURL: url) else { return ["no schema for \(definition) at \(url)"] }
            // v2's text names a missing footprint `NoSuchFootprint` where its event schema lists
            // `NotFound`: the suite warns of it (case 14.B) rather than failing the host.
            let textsCode = spec == .v2_3 && event["data"]?["error"]?["code"] == "NoSuchFootprint"
            return problems.filter { problem in
                problem.severity == .error && !(problem.pointer?.tokens.starts(with: ["data", "pfs"]) ?? false)
                    && !(textsCode && problem.pointer?.tokens == ["data", "error", "code"])
            }.map(\.description)
        }
    }
}
