import ArgumentParser
import Foundation
import TsunaguCore
import TsunaguMapping

/// `tsunagu-bench mapping`: translates a batch of footprints to the pivot and back and reports the
/// time per document next to plain JSON decode+encode of the same documents, measured in the same run.
struct MappingBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping",
        abstract: "Translate footprints model -> pact@3.0.0 -> model; compare with JSON decode+encode (target: at most 2.0x).",
        discussion: """
            Without --model, uses catenax-pcf@9.0.0 when the catalog maps it both ways (and a fixture \
            exists), else pact@2.3.0.
            """
    )

    @Option(name: .long, help: "The model of the documents (translated to pact@3.0.0 and back).")
    var model: String?

    @Option(name: .long, help: "A document of that model to copy into the batch (default: a fixture under the mappings directory).")
    var input: String?

    @Option(name: .long, help: "The directory of mapping files.")
    var mappings: String = "Mappings"

    @Option(name: .long, help: "Documents in the batch.")
    var documents: Int = 500

    @Option(name: .long, help: "Timed rounds over the batch (the best round counts).")
    var rounds: Int = 7

    func run() async throws {
        let catalog = try MappingCatalog.load(directory: mappings)
        let pivot = MappingCatalog.pivot
        let chosen = try model.map { text in
            guard let id = ModelID(text) else { throw ValidationError("--model '\(text)' is not of the form model@version") }
            return id
        } ?? defaultModel(catalog)
        guard catalog.route(from: chosen, to: pivot) != nil, catalog.route(from: pivot, to: chosen) != nil else {
            throw ValidationError("the catalog has no mappings between \(chosen) and \(pivot)")
        }
        let path = try input ?? fixture(for: chosen)
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        let seed = try JSONParser().parse(Array(data))
        let texts = (0..<documents).map { index in JSONWriter().bytes(Self.variant(of: seed, index: index)) }
        let parsed = try texts.map { try JSONParser().parse($0) }

        // Check once, outside the timing, that the batch round-trips exactly.
        for document in parsed.prefix(3) {
            let there = try catalog.translate(document, from: chosen, to: pivot)
            let back = try catalog.translate(there.document, from: pivot, to: chosen)
            guard back.document == document else { throw ValidationError("\(chosen) -> \(pivot) -> \(chosen) is not lossless for \(path)") }
        }

        var sink = 0
        let phases: [() throws -> Void] = [
            {
                for text in texts {
                    let value = try JSONParser().parse(text)
                    sink &+= JSONWriter().bytes(value).count
                }
            },
            {
                for document in parsed {
                    let there = try catalog.translate(document, from: chosen, to: pivot)
                    let back = try catalog.translate(there.document, from: pivot, to: chosen)
                    sink &+= back.steps.count
                }
            },
            {
                for document in parsed {
                    let there = try catalog.translate(document, from: chosen, to: pivot, losses: .tracked)
                    let back = try catalog.translate(there.document, from: pivot, to: chosen, losses: .tracked)
                    sink &+= back.steps.count
                }
            },
            {
                for text in texts {
                    let document = try JSONParser().parse(text)
                    let there = try catalog.translate(document, from: chosen, to: pivot)
                    let back = try catalog.translate(there.document, from: pivot, to: chosen)
                    sink &+= JSONWriter().bytes(back.document).count
                }
            },
        ]
        // The phases take turns in every round, so a busy machine slows them alike; the fastest
        // round of each phase counts.
        let fastest = try best(rounds, phases)
        let (baseline, translation, tracked, endToEnd) = (fastest[0], fastest[1], fastest[2], fastest[3])
        // Each way on its own, measured after the round trip so that the figures above are taken
        // as they were before these were added (extra phases in the same rounds change them).
        let pivots = try parsed.map { try catalog.translate($0, from: chosen, to: pivot).document }
        let ways = try best(rounds, [
            {
                for document in parsed { sink &+= try catalog.translate(document, from: chosen, to: pivot).steps.count }
            },
            {
                for document in pivots { sink &+= try catalog.translate(document, from: pivot, to: chosen).steps.count }
            },
        ])
        let count = Double(documents)
        let bytes = texts.reduce(0) { $0 + $1.count } / max(1, documents)
        print("mapping benchmark: \(chosen) -> \(pivot) -> \(chosen), \(documents) documents of ~\(bytes) bytes (\(path)), best of \(rounds) rounds")
        print(String(format: "  JSON decode+encode (baseline):        %9.1f µs/document", baseline / count * 1e6))
        print(String(format: "  translation there and back:           %9.1f µs/document  ratio %.2fx (target <= 2.00x)", translation / count * 1e6, translation / baseline))
        print(String(format: "  translation, losses tracked:          %9.1f µs/document  ratio %.2fx", tracked / count * 1e6, tracked / baseline))
        print(String(format: "  decode + translation + encode:        %9.1f µs/document  ratio %.2fx", endToEnd / count * 1e6, endToEnd / baseline))
        print(String(format: "  one way, to the pivot:                %9.1f µs/document  ratio %.2fx", ways[0] / count * 1e6, ways[0] / baseline))
        print(String(format: "  one way, from the pivot:              %9.1f µs/document  ratio %.2fx", ways[1] / count * 1e6, ways[1] / baseline))
        if sink == 42 { print("") }
    }

    private func defaultModel(_ catalog: MappingCatalog) -> ModelID {
        let preferred = ModelID.catenaX9
        if catalog.route(from: preferred, to: MappingCatalog.pivot) != nil, catalog.route(from: MappingCatalog.pivot, to: preferred) != nil,
            (try? fixture(for: preferred)) != nil
        {
            return preferred
        }
        return .pact23
    }

    private func fixture(for model: ModelID) throws -> String {
        let suffix = ".\(model).json"
        guard let enumerator = FileManager.default.enumerator(atPath: mappings) else { throw ValidationError("cannot list \(mappings)") }
        var candidates: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(suffix) { candidates.append((mappings as NSString).appendingPathComponent(relative)) }
        }
        guard let first = candidates.sorted().first else { throw ValidationError("no *\(suffix) fixture under \(mappings); give --input") }
        return first
    }

    /// The seed with a different last id digit group in every `id` member that holds a UUID, at
    /// any depth (Catena-X 9.0.0 keeps its id three groups down), so the batch is not one document
    /// repeated.
    static func variant(of seed: JSONValue, index: Int) -> JSONValue {
        switch seed {
        case .object(let members):
            var varied = JSONObject(minimumCapacity: members.count)
            for (name, value) in members {
                if name == "id", case .string(let id) = value, id.count == 36 {
                    let suffix = String(index, radix: 16)
                    varied[name] = .string(String(id.dropLast(suffix.count)) + suffix)
                } else {
                    varied[name] = variant(of: value, index: index)
                }
            }
            return .object(varied)
        case .array(let elements):
            return .array(elements.map { variant(of: $0, index: index) })
        default:
            return seed
        }
    }

    /// The shortest of `rounds` timings of each phase, in seconds, after one warm-up run of each.
    private func best(_ rounds: Int, _ phases: [() throws -> Void]) throws -> [Double] {
        for phase in phases { try phase() }
        var fastest = [Double](repeating: .infinity, count: phases.count)
        for _ in 0..<max(1, rounds) {
            for (index, phase) in phases.enumerated() {
                let start = ContinuousClock.now
                try phase()
                let elapsed = ContinuousClock.now - start
                fastest[index] = min(fastest[index], Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
        }
        return fastest
    }
}
