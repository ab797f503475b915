/// One step of a path pattern into a JSON document, as far as a schema can tell steps apart: the
/// paths a mapping's rules read and write, checked against the JSON Schemas of their models.
public enum PathStep: Sendable, Hashable {
    /// An object member.
    case member(String)
    /// An array element (an index, a selector, an append).
    case element
    /// Any member or element (a wildcard).
    case any
}
