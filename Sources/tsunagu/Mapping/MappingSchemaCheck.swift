import TsunaguCore
import TsunaguMapping
import TsunaguSchema

/// Checks that every path a mapping's rules read or write is one its models' JSON Schemas give a
/// place to: a rule writing `/pcf/notAFieldOfPact23`, or reading a misspelt source field, would
/// otherwise do nothing without a word.
enum MappingSchemaCheck {
    /// One path a schema gives no place to.
    struct Problem: CustomStringConvertible {
        let file: String
        let line: Int
        let message: String
        var description: String { "\(file):\(line): \(message)" }
    }

    /// The problems of every plan of `catalog`, and the models that have no schema to check against.
    static func problems(in catalog: MappingCatalog, schemas: SchemaRegistry) -> (problems: [Problem], unchecked: Set<ModelID>) {
        var problems: [Problem] = []
        var unchecked: Set<ModelID> = []
        for plan in catalog.plans.values.sorted(by: { $0.file < $1.file }) {
            var reported: Set<RulePath> = []
            for path in plan.rulePaths where reported.insert(path).inserted {
                let model = path.side == .source ? plan.id.source : plan.id.target
                guard let schema = schemas.schema(for: model) else {
                    unchecked.insert(model)
                    continue
                }
                guard !schema.admits(path.steps) else { continue }
                let verb = path.side == .source ? "reads" : "writes"
                problems.append(Problem(file: plan.file, line: path.line, message: "the rule \(verb) \(path.text), which the \(model) schema does not define"))
            }
        }
        return (problems, unchecked)
    }
}
