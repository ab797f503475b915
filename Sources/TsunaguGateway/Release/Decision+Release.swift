import TsunaguCore
import TsunaguMapping
import TsunaguPolicy

extension Decision {
    /// Carries out the obligations on the canonical `document`, as every release of data does
    /// (served from the store or relayed).
    ///
    /// The obligations name canonical fields, but a carry extension still holds the source values
    /// a rounded or removed field was derived from (an Ouranos footprint's four stage values add up
    /// to the exact total). When an obligation changed fields, those carried values are taken out
    /// too (``OutdatedCarries``), so that no model the document is rendered in, the canonical one
    /// included, gives back what the obligation withheld.
    /// - Throws: ``PolicyError`` when an obligation cannot be carried out on the document.
    func release(_ document: JSONValue) throws(PolicyError) -> JSONValue {
        let shaped = try apply(to: document)
        guard obligations.contains(where: \.changesFields) else { return shaped }
        return OutdatedCarries.removed(from: shaped).document
    }
}
