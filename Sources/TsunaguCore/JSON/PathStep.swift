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

extension JSONPointer {
    /// The pointer as path steps: a token of ASCII digits names an array element (as it reads an
    /// index there), any other token an object member.
    public var pathSteps: [PathStep] {
        tokens.map { token in !token.isEmpty && token.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } ? .element : .member(token) }
    }
}
