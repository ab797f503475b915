import Testing
import TsunaguCore
import TsunaguPolicy
@testable import TsunaguGateway

@Suite struct ReleaseRenderingsTests {
    let key = ReleaseRenderings.Key(tenant: "demo", footprintID: "f-1", model: .pact23, obligations: [.recordRelease])
    let source: JSONValue = ["id": "f-1", "pcf": ["pcfExcludingBiogenicUptake": "1.5"]]

    /// Renders `value` and counts how often it was asked to.
    final class Renderer {
        var calls = 0

        func render(_ value: JSONValue) -> ReleaseRendering {
            calls += 1
            return .rendered(EncodedJSON(value), mappings: .array([]))
        }
    }

    func text(_ rendering: ReleaseRendering) -> String? {
        guard case .rendered(let document, _) = rendering else { return nil }
        return String(decoding: document.bytes, as: UTF8.self)
    }

    @Test func anIdenticalReleaseReusesTheRendering() throws {
        let renderings = ReleaseRenderings()
        let renderer = Renderer()
        _ = renderings.rendering(for: key, generation: 1, source: source) { renderer.render(source) }
        let again = renderings.rendering(for: key, generation: 1, source: source) { renderer.render(["other": true]) }
        #expect(renderer.calls == 1)
        #expect(text(again) == source.jsonText)
        // Equal content parsed again (other storage) still counts as the same footprint.
        let reparsed = try JSONParser().parse(source.jsonText)
        _ = renderings.rendering(for: key, generation: 1, source: reparsed) { renderer.render(reparsed) }
        #expect(renderer.calls == 1)
    }

    @Test func aChangedFootprintOrOtherObligationsAreRenderedAgain() {
        let renderings = ReleaseRenderings()
        let renderer = Renderer()
        _ = renderings.rendering(for: key, generation: 1, source: source) { renderer.render(source) }
        var changed = source
        changed.set("2.0", at: "/pcf/pcfExcludingBiogenicUptake")
        let fresh = renderings.rendering(for: key, generation: 1, source: changed) { renderer.render(changed) }
        #expect(renderer.calls == 2)
        #expect(text(fresh)?.contains("2.0") == true)
        let otherKey = ReleaseRenderings.Key(tenant: "demo", footprintID: "f-1", model: .pact23, obligations: [])
        _ = renderings.rendering(for: otherKey, generation: 1, source: changed) { renderer.render(changed) }
        #expect(renderer.calls == 3)
        #expect(renderings.count == 2)
    }

    @Test func newRulesDropEveryRenderingOfTheOldOnes() {
        let renderings = ReleaseRenderings()
        let renderer = Renderer()
        let otherKey = ReleaseRenderings.Key(tenant: "demo", footprintID: "f-2", model: .pact3, obligations: [])
        _ = renderings.rendering(for: key, generation: 1, source: source) { renderer.render(source) }
        _ = renderings.rendering(for: otherKey, generation: 1, source: source) { renderer.render(source) }
        _ = renderings.rendering(for: key, generation: 2, source: source) { renderer.render(source) }
        #expect(renderer.calls == 3)
        #expect(renderings.count == 1)
        // A release still running under the old rules neither reads nor replaces the new ones' renderings.
        _ = renderings.rendering(for: otherKey, generation: 1, source: source) { renderer.render(source) }
        #expect(renderer.calls == 4)
        #expect(renderings.count == 1)
        _ = renderings.rendering(for: key, generation: 2, source: source) { renderer.render(source) }
        #expect(renderer.calls == 4)
    }

    @Test func theCacheStaysWithinItsCapacity() {
        let renderings = ReleaseRenderings(capacity: 2)
        let renderer = Renderer()
        for id in ["a", "b", "c"] {
            let key = ReleaseRenderings.Key(tenant: "demo", footprintID: id, model: .pact3, obligations: [])
            _ = renderings.rendering(for: key, generation: 1, source: source) { renderer.render(source) }
        }
        #expect(renderer.calls == 3)
        #expect(renderings.count == 1)
    }
}
