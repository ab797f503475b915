import Foundation

/// A policy folder for tests of the relay's machinery: tenant `acme` permits `use` and
/// `distribute` of its footprints to everyone.
enum PermissivePolicies {
    /// Writes the folder `policies` under `folder` and returns its path.
    static func write(in folder: String) throws -> String {
        let policies = folder + "/policies"
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        try #"{"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "@id": "t", "urn:tsunagu:policy:assignTo": {"tenant": "acme"}, "permission": [{"action": "use"}, {"action": "distribute"}]}"#
            .write(toFile: policies + "/t.json", atomically: true, encoding: .utf8)
        return policies
    }
}
