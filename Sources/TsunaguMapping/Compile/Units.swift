import TsunaguCore

/// The units the `convert` step knows, each as an exact multiple of its dimension's base unit
/// (gram for mass, kilojoule for energy), so every factor is a ratio of exact decimals.
enum Units {
    /// The dimension and size of a unit.
    struct Unit {
        let dimension: String
        let size: ExactDecimal
    }

    static let known: [String: Unit] = [
        "g": Unit(dimension: "mass", size: ExactDecimal(1)),
        "kg": Unit(dimension: "mass", size: ExactDecimal(1000)),
        "t": Unit(dimension: "mass", size: ExactDecimal(1_000_000)),
        "Wh": Unit(dimension: "energy", size: ExactDecimal(significand: 36, exponent: -1)),
        "kWh": Unit(dimension: "energy", size: ExactDecimal(3600)),
        "MJ": Unit(dimension: "energy", size: ExactDecimal(1000)),
        "GJ": Unit(dimension: "energy", size: ExactDecimal(1_000_000)),
    ]

    /// The names of the known units, for diagnostics.
    static var names: String { known.keys.sorted().joined(separator: ", ") }
}
