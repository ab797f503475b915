import Foundation
import Testing
import TsunaguCore
import TsunaguMapping

/// The shipped Catena-X and Ouranos mappings, through the public catalog API: every official
/// example reaches every other model, round trips through the pivot give the document back, the
/// loss report names what a target cannot hold, and each trap of the real models holds.
@Suite("Catena-X and Ouranos mappings")
struct EcosystemMappingTests {
    // MARK: - Every official example reaches every other model

    @Test("official examples translate into every other model", arguments: Official.documents)
    func officialExampleReachesEveryModel(_ example: Official.Document) throws {
        let catalog = try shippedCatalog()
        let document = try example.load()
        let headline = try #require(Headline.value(in: document, model: example.model), "the example has a headline PCF")
        for target in Shipped.models(in: catalog) where target != example.model {
            let translation = try catalog.translate(document, from: example.model, to: target)
            let written = try #require(
                Headline.value(in: translation.document, model: target),
                "\(example.name) → \(target): the PCF value is missing"
            )
            #expect(
                Headline.matches(written, source: headline, sourceModel: example.model, target: target, in: translation.document, source: document),
                "\(example.name) → \(target): PCF \(written) does not follow from \(headline)"
            )
        }
    }

    // MARK: - Round trips through the pivot

    @Test("A → pact@3.0.0 → A gives the same document", arguments: Official.documents + Ours.documents)
    func roundTripThroughPivot(_ example: Official.Document) throws {
        let catalog = try shippedCatalog()
        let document = try example.load()
        let pivot = try catalog.translate(document, from: example.model, to: .pact3)
        let home = try catalog.translate(pivot.document, from: .pact3, to: example.model)
        #expect(
            Canonical.text(home.document) == Canonical.text(document),
            "\(example.name): \(Canonical.differences(document, home.document).joined(separator: "; "))"
        )
        #expect(pivot.losses.unmapped.isEmpty, "\(example.name) → pivot loses \(pivot.losses.unmapped)")
    }

    /// A document that goes on from the pivot to a partner on PACT v2 and comes back still goes
    /// home unchanged: the pivot's carry for A travels inside the v2 document's extensions and the
    /// v2 carry brings back what v2 cannot hold.
    @Test("A → pact@3.0.0 → PACT v2.x → pact@3.0.0 → A gives the same document", arguments: Official.documents + Ours.documents)
    func roundTripThroughPACTv2(_ example: Official.Document) throws {
        let catalog = try shippedCatalog()
        let document = try example.load()
        for partner in [ModelID.pact23, .pact22] where partner != example.model {
            let pivot = try catalog.translate(document, from: example.model, to: .pact3).document
            let v2 = try catalog.translate(pivot, from: .pact3, to: partner)
            #expect(v2.losses.unexplained.isEmpty, "\(example.name) → \(partner) loses without a reason: \(v2.losses.unexplained)")
            let back = try catalog.translate(v2.document, from: partner, to: .pact3).document
            #expect(Canonical.text(back) == Canonical.text(pivot), "\(example.name) via \(partner): \(Canonical.differences(pivot, back).joined(separator: "; "))")
            let home = try catalog.translate(back, from: .pact3, to: example.model).document
            #expect(
                Canonical.text(home) == Canonical.text(document),
                "\(example.name) via \(partner): \(Canonical.differences(document, home).joined(separator: "; "))"
            )
        }
    }

    /// A carry never undoes an edit: a PACT v2 partner corrects the PCF, and the document that
    /// goes home to A states the corrected value, whatever A's carry held (the Ouranos stator's
    /// four carried stage values are reported as outdated and follow the new total).
    @Test("an edit a PACT v2.3 partner makes to the PCF reaches A's document", arguments: Official.documents + Ours.documents)
    func anEditDownstreamComesHome(_ example: Official.Document) throws {
        let catalog = try shippedCatalog()
        let document = try example.load()
        let corrected = try #require(ExactDecimal(parsing: "123.45"))
        let pivot = try catalog.translate(document, from: example.model, to: .pact3).document
        var v2 = try catalog.translate(pivot, from: .pact3, to: .pact23).document
        _ = v2.set(.string("123.45"), at: "/pcf/pCfExcludingBiogenic")
        let back = try catalog.translate(v2, from: .pact23, to: .pact3).document
        #expect(Headline.value(in: back, model: .pact3)?.isNumericallyEqual(to: corrected) == true, "\(example.name): the pivot takes the v2 edit")
        let home = try catalog.translate(back, from: .pact3, to: example.model)
        let written = try #require(Headline.value(in: home.document, model: example.model), "\(example.name): the PCF is missing at home")
        #expect(
            Headline.matches(written, source: corrected, sourceModel: .pact3, target: example.model, in: home.document, source: back),
            "\(example.name): home states \(written), not the corrected 123.45 (outdated: \(home.losses.outdated.map(\.pointer.description)))"
        )
    }

    /// Values the target receives that its way back does not rebuild in PACT's place (the Ouranos
    /// document keeps the DQR values in its TeR/GeR/TiR, which come home in the carry extension).
    static let receivedNotRebuilt: [ModelID: Set<String>] = [
        .ouranos3: ["/pcf/dqi/technologicalDQR", "/pcf/dqi/geographicalDQR", "/pcf/dqi/temporalDQR"],
    ]

    @Test("pact@3.0.0 → Catena-X / Ouranos → pact@3.0.0: whatever does not come back was reported or reached the target", arguments: [ModelID.catenaX9, .catenaX7, .ouranos3])
    func pivotLossesAreReported(_ model: ModelID) throws {
        let catalog = try shippedCatalog()
        let pivot = try Ours.batteryModule()
        let out = try catalog.translate(pivot, from: .pact3, to: model)
        let back = try catalog.translate(out.document, from: model, to: .pact3)
        let reported = Set(out.losses.unmapped.map(\.pointer.description))
        let returned = Canonical.leaves(back.document)
        var unreported: Set<String> = []
        for (pointer, value) in Canonical.leaves(pivot) where !Canonical.sameValue(returned[pointer], value) {
            if !reported.contains(where: { pointer == $0 || pointer.hasPrefix($0 + "/") }), Self.receivedNotRebuilt[model]?.contains(pointer) != true {
                unreported.insert(pointer)
            }
        }
        #expect(unreported.isEmpty, "pivot → \(model): lost but not in the loss report: \(unreported.sorted())")
        #expect(out.losses.unmapped.allSatisfy { $0.explanation != nil }, "unexplained: \(out.losses.unmapped.filter { $0.explanation == nil })")
    }

    @Test("pivot → Catena-X 9.0.0 names the fields it cannot hold")
    func pivotToCatenaX9NamesItsLosses() throws {
        var module = try Ours.batteryModule()
        // "Other" would come back as the reverse mapping's own constant; a named operator cannot.
        _ = module.set(.string("EPD International"), at: "/pcf/productOrSectorSpecificRules/0/operator")
        let losses = try shippedCatalog().translate(module, from: .pact3, to: .catenaX9).losses
        let lost = Set(losses.unmapped.map(\.pointer.description))
        for pointer in [
            "/pcf/landAreaOccupation", "/pcf/landCarbonLeakage", "/pcf/landManagementFossilGhgEmissions",
            "/pcf/ccuCarbonContent", "/pcf/ccuCalculationApproach", "/pcf/verification/comments",
            "/pcf/productOrSectorSpecificRules/0/operator", "/pcf/productOrSectorSpecificRules/0/otherOperatorName",
        ] {
            #expect(lost.contains(pointer), "\(pointer) should be reported lost; got \(lost.sorted())")
        }
        #expect(lost.contains("/pcf/ipccCharacterizationFactors/1"), "the second IPCC report (AR5) is lost")
        #expect(lost.contains { $0.hasPrefix("/extensions/0") }, "the UN/LOCODE extension is lost")
    }

    @Test("pivot → Ouranos names the stage split and the reference period as lost")
    func pivotToOuranosNamesItsLosses() throws {
        let losses = try shippedCatalog().translate(Ours.batteryModule(), from: .pact3, to: .ouranos3).losses
        let lost = Set(losses.unmapped.map(\.pointer.description))
        for pointer in ["/pcf/referencePeriodStart", "/pcf/referencePeriodEnd", "/pcf/fossilGhgEmissions", "/pcf/geographyCountry", "/created"] {
            #expect(lost.contains(pointer), "\(pointer) should be reported lost")
        }
        #expect(losses.unfilled.isEmpty, "every field Ouranos requires is written: \(losses.unfilled)")
        let defaulted = Set(losses.defaulted.map(\.pointer.description))
        #expect(defaulted.contains("/operator/operatorId"), "a pivot without an Ouranos operator id gets the nil UUID, reported as a default")
        #expect(defaulted.contains("/operator/openOperatorId"), "a pivot without a corporate number gets a placeholder, reported as a default")
    }

    // MARK: - Trap: decimals are JSON numbers in Catena-X and Ouranos, strings in PACT

    @Test("Catena-X numbers become PACT strings with the same characters, and back")
    func decimalsKeepTheirCharacters() throws {
        let catalog = try shippedCatalog()
        let housing = try Ours.document("catenax/examples/aluminium-housing.catenax-pcf@9.0.0.json")
        let pivot = try catalog.translate(housing, from: .catenaX9, to: .pact3).document
        #expect(pivot[pointer: "/pcf/declaredUnitAmount"] == .string("1.000"))
        #expect(pivot[pointer: "/pcf/pcfExcludingBiogenicUptake"] == .string("8.4125"))
        #expect(pivot[pointer: "/pcf/packagingGhgEmissions"] == .string("0.0610"))
        #expect(pivot[pointer: "/pcf/primaryDataShare"] == .string("62.50"))
        #expect(pivot[pointer: "/pcf/dqi/temporalDQR"] == .string("2.0"))

        let module = try Ours.batteryModule()
        let catenaX = try catalog.translate(module, from: .pact3, to: .catenaX9).document
        let stage = "/productLifeCycleStagesAndEmissions/0/productionStage/0"
        #expect(catenaX[pointer: JSONPointer(stringLiteral: stage + "/pcfExcludingBiogenicUptake")]?.numberValue?.text == "1043.8810")
        #expect(catenaX[pointer: "/companyAndProductInformation/0/productInformation/0/productMassPerDeclaredUnit"]?.numberValue?.text == "16.40")
        #expect(catenaX[pointer: "/carbonContent/0/packagingBiogenicCarbonContent"]?.numberValue?.text == "0.0180")
    }

    @Test("a 17-digit Catena-X number survives the pivot character for character")
    func longNumberSurvivesThePivot() throws {
        let catalog = try shippedCatalog()
        let example = try Official.catenaX9.load()
        let share = "/pcfAssessmentAndMethodology/0/verificationAndCertificationShares/0/programCertificationShare"
        let pivot = try catalog.translate(example, from: .catenaX9, to: .pact3).document
        let home = try catalog.translate(pivot, from: .pact3, to: .catenaX9).document
        #expect(home[pointer: JSONPointer(stringLiteral: share)]?.numberValue?.text == "69.14590545404381")
    }

    // MARK: - Trap: Catena-X 9.0.0 wraps every group in an array of objects

    @Test("pivot → Catena-X 9.0.0 writes every group as an array of one object")
    func catenaX9GroupsAreArraysOfOneObject() throws {
        let out = try shippedCatalog().translate(Ours.batteryModule(), from: .pact3, to: .catenaX9).document
        let groups = [
            "/scopeOfPcfForm", "/companyAndProductInformation", "/companyAndProductInformation/0/companyInformation",
            "/companyAndProductInformation/0/productInformation", "/pcfAssessmentAndMethodology",
            "/pcfAssessmentAndMethodology/0/pcfAssessmentInformation", "/pcfAssessmentAndMethodology/0/pcfAssessmentInformation/0/time",
            "/pcfAssessmentAndMethodology/0/pcfAssessmentInformation/0/geography", "/pcfAssessmentAndMethodology/0/pcfMethodology/0/standards",
            "/productLifeCycleStagesAndEmissions/0/productionStage", "/carbonContent", "/general", "/attestationOfConformance",
        ]
        for group in groups {
            let value = out[pointer: JSONPointer(stringLiteral: group)]
            #expect(value?.arrayValue?.count == 1, "\(group) should be an array of one object, is \(value?.typeName ?? "absent")")
            #expect(value?[0]?.objectValue != nil, "\(group)/0 should be an object")
        }
    }

    @Test("Catena-X 9.0.0's empty precedingPfIds entity comes home as written")
    func emptyPrecedingIdEntityRoundTrips() throws {
        let catalog = try shippedCatalog()
        let example = try Official.catenaX9.load()
        let pivot = try catalog.translate(example, from: .catenaX9, to: .pact3).document
        #expect(pivot["precedingPfIds"] == nil, "an entity without an id gives no PACT id")
        let home = try catalog.translate(pivot, from: .pact3, to: .catenaX9).document
        #expect(home[pointer: "/pcfAssessmentAndMethodology/0/pcfAssessmentInformation/0/idAndVersion/0/precedingPfIds"] == .array([.object([:])]))
    }

    @Test("a second object in a Catena-X 9.0.0 group has no pivot place and still comes home")
    func secondGroupElementRoundTrips() throws {
        let catalog = try shippedCatalog()
        var housing = try Ours.document("catenax/examples/aluminium-housing.catenax-pcf@9.0.0.json")
        let second: JSONValue = [
            "attestationType": "PCF 3rd party verification", "standardName": "ISO 14067:2018",
            "attestationStandard": "ISO 14064-3", "attestationOfConformanceId": "9f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f",
            "providerName": "Second Verifier GmbH",
        ]
        _ = housing.set(second, at: "/attestationOfConformance/1")
        let pivot = try catalog.translate(housing, from: .catenaX9, to: .pact3).document
        #expect(pivot[pointer: "/pcf/verification/providerName"] == .string("Prüfstelle Nord e.V."), "the first attestation is the PACT verification")
        let home = try catalog.translate(pivot, from: .pact3, to: .catenaX9).document
        #expect(home["attestationOfConformance"] == housing["attestationOfConformance"])
    }

    @Test("PACT v3 takes one geography level: Catena-X's most specific one; the way back adds the country's region")
    func geographyLevels() throws {
        let catalog = try shippedCatalog()
        let official = try Official.catenaX9.load()
        let pivot = try catalog.translate(official, from: .catenaX9, to: .pact3).document
        let levels = ["geographyRegionOrSubregion", "geographyCountry", "geographyCountrySubdivision"].filter { pivot["pcf"]?[$0] != nil }
        #expect(levels == ["geographyCountrySubdivision"], "only the subdivision, found \(levels)")

        var module = try Ours.batteryModule()
        _ = module.set(.string("JP"), at: "/pcf/geographyCountry")
        let out = try catalog.translate(module, from: .pact3, to: .catenaX9).document
        let geography = "/pcfAssessmentAndMethodology/0/pcfAssessmentInformation/0/geography/0"
        #expect(out[pointer: JSONPointer(stringLiteral: geography + "/geographyRegionOrSubregion")] == .string("Eastern Asia"))
        #expect(out[pointer: JSONPointer(stringLiteral: geography + "/geographyCountry")] == .string("JP"))

        _ = module.remove(at: "/pcf/geographyCountry")
        let global = try catalog.translate(module, from: .pact3, to: .catenaX7).document
        #expect(global[pointer: "/pcf/geographyRegionOrSubregion"] == .string("Global"), "no geography is PACT's global granularity")
    }

    // MARK: - Trap: Catena-X 7.0.0 uses PACT v2 names with extWBCSD_ / extTFS_ prefixes

    @Test("Catena-X 7.0.0 prefixed v2 names become v3 names and back")
    func catenaX7PrefixesAndV2Names() throws {
        let catalog = try shippedCatalog()
        let compound = try Ours.document("catenax/examples/pp-compound.catenax-pcf@7.0.0.json")
        let pivot = try catalog.translate(compound, from: .catenaX7, to: .pact3).document
        #expect(pivot["status"] == .string("Active"))
        #expect(pivot[pointer: "/pcf/ipccCharacterizationFactors"] == .array(["AR6"]))
        #expect(pivot[pointer: "/pcf/declaredUnitAmount"] == .string("1000.0"))
        #expect(pivot[pointer: "/pcf/fossilCarbonContent"] == .string("652.7"))
        #expect(pivot[pointer: "/pcf/packagingGhgEmissions"] == .string("21.9"))
        #expect(pivot[pointer: "/pcf/landUseChangeGhgEmissions"] == .string("11.48"))
        #expect(pivot["productClassifications"] == .array(["urn:pact:productclassification:un-cpc:34790"]))
        let carried = try #require(Carry.data(in: pivot, model: .catenaX7))
        // cut-off is also what the way back fills by default, so nothing needs carrying for it.
        #expect(carried["/pcf/extTFS_allocationWasteIncineration"] == nil)
        #expect(carried["/pcf/extTFS_luGhgEmissions"]?.numberValue?.text == "2.45")
        #expect(carried["/version"]?.numberValue?.text == "2")

        let out = try catalog.translate(Ours.batteryModule(), from: .pact3, to: .catenaX7).document
        #expect(out["extWBCSD_pfStatus"] == .string("Active"))
        #expect(out["extWBCSD_productCodeCpc"] == .string("46410"))
        #expect(out[pointer: "/pcf/extWBCSD_characterizationFactors"] == .string("AR6"))
        #expect(out[pointer: "/pcf/extWBCSD_packagingGhgEmissions"]?.numberValue?.text == "4.275")
        #expect(out["status"] == nil && out[pointer: "/pcf/declaredUnitOfMeasurement"] == nil, "no v3 names in a 7.0.0 document")
    }

    // MARK: - Trap: Ouranos's four stage values, kgCO2e/<unit>, TeR/GeR/TiR, no reference period

    @Test("the four Ouranos stage values add up exactly to the PACT total")
    func ouranosStagesSumExactly() throws {
        let pivot = try shippedCatalog().translate(Ours.stator(), from: .ouranos3, to: .pact3).document
        // 0.84210 + 3.10575 + 12.6 + 4.3, not 20.847850000000001
        #expect(pivot[pointer: "/pcf/pcfExcludingBiogenicUptake"] == .string("20.84785"))
        #expect(pivot[pointer: "/pcf/declaredUnitAmount"] == .string("1"))
    }

    @Test("Ouranos has no reference period or creation time: the translation time fills them and the loss report says so, with the reason")
    func ouranosMissingTimeIsReported() throws {
        let now = "2026-01-01T00:00:00Z"
        let translation = try shippedCatalog().translate(Ours.stator(), from: .ouranos3, to: .pact3, context: ["now": .string(now)])
        let defaulted = Dictionary(translation.losses.defaulted.map { ($0.pointer.description, $0.explanation) }, uniquingKeysWith: { first, _ in first })
        for pointer in ["/created", "/pcf/referencePeriodStart", "/pcf/referencePeriodEnd"] {
            #expect(translation.document[pointer: JSONPointer(stringLiteral: pointer)] == .string(now))
            #expect(defaulted[pointer] != nil, "\(pointer) should be reported as filled by default")
            #expect(defaulted[pointer]??.isEmpty == false, "\(pointer) should carry its reason")
        }
        #expect(translation.losses.unfilled.isEmpty, "PACT v3 gets every required field: \(translation.losses.unfilled)")
    }

    @Test("an Ouranos document not registered yet (cfpId null) is identified by its trace id and comes home unchanged")
    func unregisteredOuranosDocument() throws {
        let catalog = try shippedCatalog()
        var stator = try Ours.stator()
        for index in 0..<4 { _ = stator.set(.null, at: JSONPointer(tokens: ["cfp", String(index), "cfpId"])) }
        let pivot = try catalog.translate(stator, from: .ouranos3, to: .pact3).document
        #expect(pivot["id"] == stator[pointer: "/parts/traceId"])
        let home = try catalog.translate(pivot, from: .pact3, to: .ouranos3).document
        #expect(Canonical.text(home) == Canonical.text(stator), "\(Canonical.differences(stator, home))")
    }

    @Test("a footprint without product rules comes home from Catena-X without an invented rule", arguments: [ModelID.catenaX9, .catenaX10, .catenaX8])
    func noProductRulesStayNone(model: ModelID) throws {
        let catalog = try shippedCatalog()
        var module = try Ours.batteryModule()
        _ = module.remove(at: "/pcf/productOrSectorSpecificRules")
        let catenaX = try catalog.translate(module, from: .pact3, to: model).document
        let home = try catalog.translate(catenaX, from: model, to: .pact3)
        #expect(home.document[pointer: "/pcf/productOrSectorSpecificRules"] == nil, "\(home.document[pointer: "/pcf/productOrSectorSpecificRules"]?.jsonText ?? "")")
        #expect(!home.losses.defaulted.contains { $0.pointer.description.contains("productOrSectorSpecificRules") }, "\(home.losses.defaulted)")
    }

    @Test("Catena-X 10.0.0 has PACT's megabit second, both ways")
    func megabitSecondInCatenaX10() throws {
        let catalog = try shippedCatalog()
        var module = try Ours.batteryModule()
        module.set("megabit second", at: "/pcf/declaredUnitOfMeasurement")
        let catenaX = try catalog.translate(module, from: .pact3, to: .catenaX10)
        #expect(catenaX.document[pointer: "/companyAndProductInformation/0/productInformation/0/declaredUnitOfMeasurement"] == "megabit second")
        #expect(!catenaX.losses.unmapped.contains { $0.pointer.description == "/pcf/declaredUnitOfMeasurement" }, "\(catenaX.losses.unmapped)")
        let home = try catalog.translate(catenaX.document, from: .catenaX10, to: .pact3).document
        #expect(home[pointer: "/pcf/declaredUnitOfMeasurement"] == "megabit second")
    }

    @Test("kgCO2e/unit is a PACT v3 piece and has no PACT v2 unit")
    func ouranosUnitHasNoV2Counterpart() throws {
        let catalog = try shippedCatalog()
        let pivot = try catalog.translate(Ours.stator(), from: .ouranos3, to: .pact3).document
        #expect(pivot[pointer: "/pcf/declaredUnitOfMeasurement"] == .string("piece"))
        guard catalog.route(from: .ouranos3, to: .pact23) != nil else { return }
        let stator = try Ours.stator()
        do {
            let v2 = try catalog.translate(stator, from: .ouranos3, to: .pact23)
            #expect(v2.document[pointer: "/pcf/declaredUnit"] == nil, "piece must not become a v2.3 unit")
            #expect(!v2.losses.carried.isEmpty || !v2.losses.unmapped.isEmpty, "the unit is reported")
        } catch {
            #expect(error.pointer?.description.contains("declaredUnit") == true, "the error names the unit: \(error)")
        }
    }

    @Test("PACT totals become per-unit Ouranos values rounded up to five decimals")
    func pactTotalScaledPerUnit() throws {
        var module = try Ours.batteryModule()
        _ = module.set(.string("3"), at: "/pcf/declaredUnitAmount")
        _ = module.set(.string("10"), at: "/pcf/pcfExcludingBiogenicUptake")
        let out = try shippedCatalog().translate(module, from: .pact3, to: .ouranos3).document
        let records = try #require(out["cfp"]?.arrayValue)
        #expect(records.count == 4)
        let main = records.first { $0["cfpType"] == .string("mainProduction") }
        #expect(main?["ghgEmission"]?.numberValue?.text == "3.33334")
        #expect(main?["ghgDeclaredUnit"] == .string("kgCO2e/unit"))
        let others = records.filter { $0["cfpType"] != .string("mainProduction") }
        #expect(others.allSatisfy { $0["ghgEmission"]?.numberValue?.decimal.isZero == true })
    }

    @Test("TeR/GeR/TiR: PACT ratings go to both processes; Ouranos ratings outside 1-5 come home unchanged")
    func qualityRatings() throws {
        let catalog = try shippedCatalog()
        let out = try catalog.translate(Ours.batteryModule(), from: .pact3, to: .ouranos3).document
        for record in out["cfp"]?.arrayValue ?? [] {
            #expect(record[pointer: "/dqrValue/TeR"]?.numberValue?.text == "1.8")
            #expect(record[pointer: "/dqrValue/GeR"]?.numberValue?.text == "1.5")
            #expect(record[pointer: "/dqrValue/TiR"]?.numberValue?.text == "2.1")
        }
        let stator = try Ours.stator()
        let pivot = try catalog.translate(stator, from: .ouranos3, to: .pact3).document
        #expect(pivot[pointer: "/pcf/dqi"] == nil, "two processes' ratings are not one PACT triple")
        let tutorial = try Official.ouranosSupplier.load()
        var zeroAndNull = tutorial
        _ = zeroAndNull.set(0, at: "/cfp/0/dqrValue/GeR")
        _ = zeroAndNull.set(.null, at: "/cfp/0/dqrValue/TiR")
        let there = try catalog.translate(zeroAndNull, from: .ouranos3, to: .pact3).document
        let home = try catalog.translate(there, from: .pact3, to: .ouranos3).document
        #expect(home[pointer: "/cfp/0/dqrValue"] == zeroAndNull[pointer: "/cfp/0/dqrValue"])
    }

    // MARK: - Trap: Japanese corporate numbers (13 digits, check digit)

    @Test("a corporate number with a right check digit becomes a PACT company id, the tutorial's does not")
    func corporateNumberCheckDigit() throws {
        let catalog = try shippedCatalog()
        let ours = try catalog.translate(Ours.stator(), from: .ouranos3, to: .pact3).document
        #expect(ours["companyIds"]?.arrayValue?.contains(.string("urn:tsunagu:jp-corporate-number:2180001099871")) == true)
        #expect(CorporateNumber.isValid("2180001099871"))

        let tutorial = try Official.ouranosSupplier.load()
        #expect(!CorporateNumber.isValid("1234567890124"), "the tutorial's number fails the check")
        let pivot = try catalog.translate(tutorial, from: .ouranos3, to: .pact3).document
        let ids = pivot["companyIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(!ids.contains { $0.hasPrefix("urn:tsunagu:jp-corporate-number:") })
        #expect(Carry.data(in: pivot, model: .ouranos3)?["/operator/openOperatorId"] == .string("1234567890124"))

        let home = try catalog.translate(ours, from: .pact3, to: .ouranos3).document
        #expect(home[pointer: "/operator/openOperatorId"] == .string("2180001099871"))
    }

    // MARK: - The catalog

    @Test("the shipped directory compiles and offers both directions for every ecosystem model")
    func catalogHasBothDirections() throws {
        let catalog = try shippedCatalog()
        for model in [ModelID.catenaX9, .catenaX7, .catenaX10, .catenaX8, .ouranos3] {
            #expect(catalog.route(from: model, to: .pact3) == [MappingID(source: model, target: .pact3)])
            #expect(catalog.route(from: .pact3, to: model) == [MappingID(source: .pact3, target: model)])
        }
        #expect(catalog.route(from: .catenaX9, to: .ouranos3)?.count == 2, "Catena-X to Ouranos goes through the pivot")
    }
}

// MARK: - Fixtures

extension ModelID {
    /// Catena-X PCF aspect model 10.0.0, not released yet (sldt-semantic-models pull request 993).
    static let catenaX10 = ModelID(model: "catenax-pcf", version: "10.0.0")
    /// Catena-X PCF aspect model 8.0.0: 9.0.0's names in 7.0.0's flat layout.
    static let catenaX8 = ModelID(model: "catenax-pcf", version: "8.0.0")
}

/// Where the package and the reference material are.
private enum Paths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let mappings = packageRoot.appendingPathComponent("Mappings")

    /// `../shared/reference` beside the repository (CI), or two levels up for a worktree.
    static let reference: URL = {
        let candidates = [
            packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference"),
            packageRoot.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
    }()

    static func json(at url: URL) throws -> JSONValue {
        let data = try Data(contentsOf: url)
        return try JSONParser().parse(Array(data))
    }
}

/// The models this suite translates between.
private enum Shipped {
    /// The models this suite translates between: the ecosystem models, the pivot, and PACT v2.3
    /// when its mappings are in the catalog.
    static func models(in catalog: MappingCatalog) -> [ModelID] {
        [.pact3, .catenaX9, .catenaX7, .catenaX10, .catenaX8, .ouranos3, .pact23].filter { catalog.models.contains($0) }
    }
}

/// An input document of the suite, by model.
struct OfficialDocument: Sendable, CustomStringConvertible {
    let name: String
    let model: ModelID
    let load: @Sendable () throws -> JSONValue

    var description: String { name }
}

/// The official examples in `../shared/reference`, read at test time (never copied).
enum Official {
    typealias Document = OfficialDocument

    static let catenaX9 = Document(name: "Catena-X 9.0.0 example", model: .catenaX9) {
        try Paths.json(at: Paths.reference.appendingPathComponent("catenax/pcf-aspect/pcf-9.0.0-example.json"))
    }
    static let catenaX7 = Document(name: "Catena-X 7.0.0 example", model: .catenaX7) {
        try Paths.json(at: Paths.reference.appendingPathComponent("catenax/pcf-aspect/pcf-7.0.0-example.json"))
    }
    /// Supplier B's part 部品B from the Ouranos tutorial, composed into the document shape.
    static let ouranosSupplier = Document(name: "Ouranos tutorial, supplier B", model: .ouranos3) {
        try ouranosDocument(operator: "05-A-get-operator-by-openOperatorId.response.json", plant: "07-B-put-plant.response.json", parts: "08-B-put-parts.response.json", cfp: "11-B-put-cfp.response.json")
    }
    /// Buyer A's part 部品A1 (a child of 部品A) from the Ouranos tutorial.
    static let ouranosBuyer = Document(name: "Ouranos tutorial, buyer A", model: .ouranos3) {
        let structure = try Paths.json(at: Paths.reference.appendingPathComponent("ouranos/examples/04-A-put-partsStructure.response.json"))
        var document = try ouranosDocument(operator: "01-A-get-operator-self.response.json", plant: "02-A-put-plant.response.json", parts: nil, cfp: "14-A-put-cfp.response.json")
        _ = document.set(structure[pointer: "/childrenPartsModel/0"] ?? .null, at: "/parts")
        return document
    }

    /// Not released (sldt-semantic-models pull request 993).
    static let catenaX10 = Document(name: "Catena-X 10.0.0 example (PR 993)", model: .catenaX10) {
        try Paths.json(at: Paths.reference.appendingPathComponent("catenax/pcf-aspect/pcf-10.0.0-example.PR993.json"))
    }

    /// 9.0.0's names in 7.0.0's flat layout (no schema in the reference set).
    static let catenaX8 = Document(name: "Catena-X 8.0.0 example", model: .catenaX8) {
        try Paths.json(at: Paths.reference.appendingPathComponent("catenax/pcf-aspect/pcf-8.0.0-example.json"))
    }

    static let documents: [Document] = [catenaX9, catenaX7, catenaX10, catenaX8, ouranosSupplier, ouranosBuyer]

    private static func ouranosDocument(operator: String, plant: String, parts: String?, cfp: String) throws -> JSONValue {
        func entity(_ file: String) throws -> JSONValue {
            try Paths.json(at: Paths.reference.appendingPathComponent("ouranos/examples/" + file))
        }
        var members: JSONObject = ["operator": try entity(`operator`), "plant": try entity(plant), "cfp": try entity(cfp)]
        if let parts { members["parts"] = try entity(parts) }
        return .object(members)
    }
}

/// Our own fixtures under `Mappings/*/examples`.
enum Ours {
    static let documents: [OfficialDocument] = [
        OfficialDocument(name: "our Catena-X 9.0.0 housing", model: .catenaX9) { try document("catenax/examples/aluminium-housing.catenax-pcf@9.0.0.json") },
        OfficialDocument(name: "our Catena-X 7.0.0 compound", model: .catenaX7) { try document("catenax/examples/pp-compound.catenax-pcf@7.0.0.json") },
        OfficialDocument(name: "our Catena-X 10.0.0 housing", model: .catenaX10) { try document("catenax/examples/aluminium-housing.catenax-pcf@10.0.0.json") },
        OfficialDocument(name: "our Catena-X 8.0.0 housing", model: .catenaX8) { try document("catenax/examples/aluminium-housing.catenax-pcf@8.0.0.json") },
        OfficialDocument(name: "our Ouranos stator", model: .ouranos3) { try stator() },
    ]

    static func document(_ path: String) throws -> JSONValue {
        try Paths.json(at: Paths.mappings.appendingPathComponent(path))
    }

    static func batteryModule() throws -> JSONValue { try document("catenax/examples/battery-module.pact@3.0.0.json") }
    static func stator() throws -> JSONValue { try document("ouranos/examples/motor-stator.ouranos-cfp@3.0.0.json") }
}

/// The headline PCF of a document in each model, and how it must follow from the source's.
private enum Headline {
    static func value(in document: JSONValue, model: ModelID) -> ExactDecimal? {
        let text: String?
        switch model {
        case .pact3: text = document[pointer: "/pcf/pcfExcludingBiogenicUptake"]?.stringValue
        case .pact23, .pact22: text = document[pointer: "/pcf/pCfExcludingBiogenic"]?.stringValue
        case .catenaX9, .catenaX10: text = document[pointer: "/productLifeCycleStagesAndEmissions/0/productionStage/0/pcfExcludingBiogenicUptake"]?.numberValue?.text
        case .catenaX7: text = document[pointer: "/pcf/pcfExcludingBiogenic"]?.numberValue?.text
        case .catenaX8: text = document[pointer: "/pcf/pcfExcludingBiogenicUptake"]?.numberValue?.text
        case .ouranos3:
            let values = (document["cfp"]?.arrayValue ?? []).compactMap { $0["ghgEmission"]?.numberValue?.decimal }
            return values.count == 4 ? values.reduce(.zero, +) : nil
        default: text = nil
        }
        return text.flatMap { ExactDecimal(parsing: $0) }
    }

    /// Between PACT and Catena-X the value is the same number; into Ouranos it is per one unit,
    /// rounded up to five decimals; out of Ouranos (per one unit) it is the same number.
    static func matches(_ written: ExactDecimal, source: ExactDecimal, sourceModel: ModelID, target: ModelID, in output: JSONValue, source input: JSONValue) -> Bool {
        guard target == .ouranos3, sourceModel != .ouranos3 else { return written.isNumericallyEqual(to: source) }
        guard let amount = declaredUnitAmount(in: input, model: sourceModel),
            let perUnit = source.divided(by: amount, scale: 5, .up)
        else { return false }
        return written.isNumericallyEqual(to: perUnit)
    }

    private static func declaredUnitAmount(in document: JSONValue, model: ModelID) -> ExactDecimal? {
        let text: String?
        switch model {
        case .pact3: text = document[pointer: "/pcf/declaredUnitAmount"]?.stringValue
        case .catenaX9, .catenaX10: text = document[pointer: "/companyAndProductInformation/0/productInformation/0/declaredUnitAmount"]?.numberValue?.text
        case .catenaX7: text = document[pointer: "/pcf/unitaryProductAmount"]?.numberValue?.text
        case .catenaX8: text = document[pointer: "/pcf/declaredUnitAmount"]?.numberValue?.text
        default: text = nil
        }
        return text.flatMap { ExactDecimal(parsing: $0) }
    }
}

/// The carry extension of a pivot document.
private enum Carry {
    static func data(in pivot: JSONValue, model: ModelID) -> JSONObject? {
        let url = "https://tsunagu.dev/extensions/carry/\(model).json"
        let data = pivot["extensions"]?.arrayValue?.first { $0["dataSchema"] == .string(url) }?["data"]
        // The carried fields sit under `set` (pointer → value) in the engine's extension layout.
        return (data?["set"] ?? data)?.objectValue
    }
}

/// Document comparison: canonical text (sorted keys, numbers as written) and leaf listings.
private enum Canonical {
    static func text(_ value: JSONValue) -> String { JSONWriter().string(value) }

    static func leaves(_ value: JSONValue, at pointer: String = "") -> JSONObject {
        switch value {
        case .object(let members) where !members.isEmpty:
            return members.reduce(into: [:]) { result, member in
                let key = member.key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                result.merge(leaves(member.value, at: pointer + "/" + key)) { first, _ in first }
            }
        case .array(let elements) where !elements.isEmpty:
            return elements.enumerated().reduce(into: [:]) { result, element in
                result.merge(leaves(element.element, at: pointer + "/\(element.offset)")) { first, _ in first }
            }
        default:
            return [pointer: value]
        }
    }

    /// Equal JSON, or two decimal strings with the same value (`"1043.8810"`, `"1043.88100"`):
    /// a trip through another model may change a decimal's scale, never its value.
    static func sameValue(_ lhs: JSONValue?, _ rhs: JSONValue) -> Bool {
        if lhs == rhs { return true }
        guard let left = lhs?.stringValue.flatMap({ ExactDecimal(parsing: $0) }),
            let right = rhs.stringValue.flatMap({ ExactDecimal(parsing: $0) })
        else { return false }
        return left.isNumericallyEqual(to: right)
    }

    static func differences(_ expected: JSONValue, _ actual: JSONValue) -> [String] {
        let want = leaves(expected)
        let got = leaves(actual)
        var lines: [String] = []
        for (pointer, value) in want.sorted(by: { $0.key < $1.key }) where got[pointer] != value {
            lines.append("\(pointer): expected \(text(value)), got \(got[pointer].map(text) ?? "nothing")")
        }
        for pointer in got.keys.sorted() where want[pointer] == nil {
            lines.append("\(pointer): unexpected \(got[pointer].map(text) ?? "")")
        }
        return lines
    }
}

/// The 法人番号 check digit, written independently of the engine to pin the fixtures' numbers.
private enum CorporateNumber {
    static func isValid(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard digits.count == 13, text.count == 13 else { return false }
        let body = digits.dropFirst().reversed()
        let sum = body.enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 2) }
        return digits[0] == 9 - sum % 9
    }
}
