import TsunaguCore

/// Writes of plain pointers arranged as one walk: each container stepped into once for each run of
/// consecutive writes through it, with the pointer tokens already made path tokens, and the same
/// result (or the same first conflict) as one `OutputWriter.write(_:at:into:)` per pointer in the
/// walk's order. A carry's writes are arranged in pointer order once per shape (a reading keeps
/// them): only the values differ from one patch to the next.
struct ArrangedWrites: Sendable {
    /// One step of the walk: a value to write where the walk is, or a step down `token` (`next`
    /// decides the shape of a container the step creates) with the steps below it.
    indirect enum Node: Sendable {
        case value(Int)
        case step(MappingPath.Token, next: MappingPath.Token?, [Node])
    }

    let nodes: [Node]

    /// The walk of `pointers` in pointer order (the positions of the values are their positions
    /// in `pointers`).
    init(_ pointers: [[String]]) {
        self.init(pointers, order: pointers.indices.sorted { MappingPlan.pointerOrder(pointers[$0], pointers[$1]) })
    }

    /// The walk of `pointers` in the order of their positions in `order`.
    init(_ pointers: [[String]], order: [Int]) {
        nodes = Self.arrange(order[...], pointers, depth: 0)
    }

    private static func arrange(_ order: ArraySlice<Int>, _ pointers: [[String]], depth: Int) -> [Node] {
        var nodes: [Node] = []
        var start = order.startIndex
        while start < order.endIndex {
            let first = pointers[order[start]]
            guard depth < first.count else {
                nodes.append(.value(order[start]))
                start += 1
                continue
            }
            let key = first[depth]
            var end = start + 1
            // Each `-` appends an element of its own, so it never shares its walk.
            if key != "-" {
                while end < order.endIndex, pointers[order[end]].count > depth, pointers[order[end]][depth] == key {
                    end += 1
                }
            }
            let next = depth + 1 < first.count ? OutputWriter.token(of: first[depth + 1]) : nil
            nodes.append(.step(OutputWriter.token(of: key), next: next, arrange(order[start..<end], pointers, depth: depth + 1)))
            start = end
        }
        return nodes
    }

    /// Writes `values` (by position) into `target` along the walk.
    func write(_ values: [JSONValue], into target: inout JSONValue) throws(OutputWriter.Conflict) {
        try Self.write(nodes, values, into: &target)
    }

    private static func write(_ nodes: [Node], _ values: [JSONValue], into target: inout JSONValue) throws(OutputWriter.Conflict) {
        for node in nodes {
            switch node {
            case .value(let position):
                target = values[position]
            case .step(let token, let next, let below):
                try OutputWriter.step(through: token, next: next, in: &target) { (child: inout JSONValue) throws(OutputWriter.Conflict) in
                    try write(below, values, into: &child)
                }
            }
        }
    }
}
