import Testing
import TsunaguCore
import TsunaguRelay
@testable import TsunaguGateway

@Suite struct RelayTranslationsTests {
    let source: JSONValue = ["id": "f-1", "pcf": ["pcfExcludingBiogenicUptake": "1.5"]]

    /// Translates by wrapping the document, counting how often it was asked to.
    final class Translator {
        var calls = 0

        func translate(_ value: JSONValue) -> RelayEvent {
            calls += 1
            return .translated(RelayDocument(json: ["wrapped": value], model: .pact3), mapping: nil)
        }
    }

    func wrapped(_ event: RelayEvent) -> JSONValue? {
        guard case .translated(let document, _) = event else { return nil }
        return document.json["wrapped"]
    }

    @Test func anUnchangedDocumentIsTranslatedOnce() {
        let translations = RelayTranslations()
        let translator = Translator()
        _ = translations.outcome(from: .catenaX9, to: .pact3, source: source, generation: 1) { translator.translate(source) }
        let again = translations.outcome(from: .catenaX9, to: .pact3, source: source, generation: 1) { translator.translate(["other": true]) }
        #expect(translator.calls == 1)
        #expect(wrapped(again) == source)
    }

    @Test func aChangedDocumentOtherModelsOrNewRulesAreTranslatedAfresh() {
        let translations = RelayTranslations()
        let translator = Translator()
        var changed = source
        changed.set("2.5", at: "/pcf/pcfExcludingBiogenicUptake")
        _ = translations.outcome(from: .catenaX9, to: .pact3, source: source, generation: 1) { translator.translate(source) }
        let fresh = translations.outcome(from: .catenaX9, to: .pact3, source: changed, generation: 1) { translator.translate(changed) }
        #expect(wrapped(fresh) == changed)
        _ = translations.outcome(from: .pact3, to: .catenaX9, source: changed, generation: 1) { translator.translate(changed) }
        _ = translations.outcome(from: .catenaX9, to: .pact3, source: changed, generation: 2) { translator.translate(changed) }
        #expect(translator.calls == 4)
        _ = translations.outcome(from: .catenaX9, to: .pact3, source: changed, generation: 1) { translator.translate(changed) }
        #expect(translator.calls == 5, "an outcome of older rules is neither served nor kept")
        _ = translations.outcome(from: .catenaX9, to: .pact3, source: changed, generation: 2) { translator.translate(changed) }
        #expect(translator.calls == 5)
    }

    @Test func theCacheStartsOverWhenFull() {
        let translations = RelayTranslations(capacity: 2)
        let translator = Translator()
        for id in ["a", "b", "c"] {
            let document: JSONValue = ["id": .string(id)]
            _ = translations.outcome(from: .catenaX9, to: .pact3, source: document, generation: 1) { translator.translate(document) }
        }
        #expect(translations.count == 1)
        #expect(translator.calls == 3)
    }
}
