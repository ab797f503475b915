import TsunaguCore

/// A version of the Catena-X PCF aspect model (`urn:samm:io.catenax.pcf:<version>#Pcf`),
/// `major.minor.patch`, as the `dataModelVersion` parameter names it.
public struct CatenaXDataModelVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The version text, e.g. `9.0.0`.
    public let text: String

    /// Checks `text`; `nil` unless it is three dot-separated non-negative integers.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        self.text = text
    }

    /// 9.0.0, the version served when the requester names none (CX-0136).
    public static let defaultVersion = CatenaXDataModelVersion(uncheckedText: "9.0.0")
    /// 7.0.0, the version of PCF Exchange API 1.1.x payloads.
    public static let v7 = CatenaXDataModelVersion(uncheckedText: "7.0.0")

    private init(uncheckedText: String) { text = uncheckedText }

    private var numbers: [Int] { text.split(separator: ".").map { Int($0) ?? 0 } }

    /// The aspect model's semantic id, as DTR submodel descriptors and EDC assets name it.
    public var semanticID: String { "urn:samm:io.catenax.pcf:\(text)#Pcf" }

    public static func < (lhs: CatenaXDataModelVersion, rhs: CatenaXDataModelVersion) -> Bool { lhs.numbers.lexicographicallyPrecedes(rhs.numbers) }

    public var description: String { text }
}

extension CatenaXDataModelVersion {
    /// The model id the mapping engine knows this version by (`catenax-pcf@9.0.0`).
    public var modelID: ModelID { ModelID(model: ModelID.catenaX9.model, version: text) }
}
