import Foundation

extension AtomicConstraint {
    /// The Catena-X usage restriction that forbids passing data to third parties.
    static let thirdPartyForbidden = "cx.thirdParty.forbidden:1"

    /// Whether the request satisfies the constraint.
    ///
    /// A text fact the request does not carry (a PACT client has no BPN, a Catena-X partner no
    /// client id) is read as `absentFacts` says. Set facts (purposes, groups) are evaluated as
    /// sets, empty ones included.
    func isSatisfied(by request: DecisionRequest, absentFacts: AbsentFacts) -> Bool {
        switch operand.kind {
        case .single:
            guard let fact = singleFact(request) else { return absentFacts == .excuseNothing && (comparison == .neq || comparison == .isNoneOf) }
            switch comparison {
            case .eq, .isA: return fact == values[0]
            case .neq: return fact != values[0]
            case .isAnyOf, .isPartOf: return valueSet.contains(fact)
            case .isNoneOf: return !valueSet.contains(fact)
            case .isAllOf, .hasPart: return values.allSatisfy { $0 == fact }
            case .lt, .lteq, .gt, .gteq: return false
            }
        case .set where operand == .frameworkAgreement:
            return agreementsSatisfied(request)
        case .set:
            switch comparison {
            case .eq, .isA: return has(values[0], request)
            case .neq: return !has(values[0], request)
            case .isAnyOf: return values.contains { has($0, request) }
            case .isAllOf, .hasPart: return values.allSatisfy { has($0, request) }
            case .isNoneOf: return !values.contains { has($0, request) }
            case .isPartOf:
                let facts = setFacts(request)
                return !facts.isEmpty && facts.allSatisfy(valueSet.contains)
            case .lt, .lteq, .gt, .gteq: return false
            }
        case .date:
            let fact = operand == .dateTime ? request.time : request.requester.contractStart
            guard let fact, let date else { return false }
            return Self.compare(fact, comparison, date, wholeDay: wholeDay)
        case .special:
            return special(request)
        case .contractTerm:
            return true
        }
    }

    /// FrameworkAgreement uses the agreements compiled at load, so no `Name:Version` text is built per decision.
    private func agreementsSatisfied(_ request: DecisionRequest) -> Bool {
        switch comparison {
        case .eq, .isA: return Self.hasSigned(agreements[0], request)
        case .neq: return !Self.hasSigned(agreements[0], request)
        case .isAnyOf: return agreements.contains { Self.hasSigned($0, request) }
        case .isAllOf, .hasPart: return agreements.allSatisfy { Self.hasSigned($0, request) }
        case .isNoneOf: return !agreements.contains { Self.hasSigned($0, request) }
        case .isPartOf:
            let signed = request.requester.frameworkAgreements
            return !signed.isEmpty && signed.allSatisfy { valueSet.contains($0.text) }
        case .lt, .lteq, .gt, .gteq: return false
        }
    }

    /// An agreement named without a version matches any version of it.
    static func hasSigned(_ agreement: FrameworkAgreement, _ request: DecisionRequest) -> Bool {
        if agreement.version.isEmpty { return request.requester.frameworkAgreements.contains { $0.name == agreement.name } }
        return request.requester.frameworkAgreements.contains(agreement)
    }

    private func special(_ request: DecisionRequest) -> Bool {
        switch operand {
        case .inForceDate:
            let reference = date ?? secondsAfterContractStart.flatMap { seconds in
                request.requester.contractStart.map { $0.addingTimeInterval(seconds) }
            }
            guard let reference else { return false }
            return Self.compare(request.time, comparison, reference, wholeDay: date != nil && wholeDay)
        case .dataUsageEndDate:
            guard let date else { return false }
            // An end date without a time includes its whole day.
            return Self.compare(request.time, comparison == .lt ? .lt : .lteq, date, wholeDay: wholeDay)
        case .dataUsageEndDurationDays:
            guard let start = request.requester.contractStart, let days else { return false }
            let end = start.addingTimeInterval(Double(days) * 86_400)
            return comparison == .lt ? request.time < end : request.time <= end
        case .usageRestriction:
            // The gateway itself only ever releases or relays: of the Catena-X restrictions, only
            // the third-party one forbids something it does, and only when relaying onward.
            return request.action == .distribute && valueSet.contains(Self.thirdPartyForbidden)
        default:
            return false
        }
    }

    /// Compares `fact` with `reference`: an instant, or with `wholeDay` the day that starts there
    /// (`eq` anywhere in the day, `lt` before it, `lteq` before its end, `gt` after its end, `gteq`
    /// from its start).
    static func compare(_ fact: Date, _ comparison: ConstraintOperator, _ reference: Date, wholeDay: Bool = false) -> Bool {
        let end = wholeDay ? reference.addingTimeInterval(86_400) : reference
        let within = wholeDay ? (fact >= reference && fact < end) : fact == reference
        switch comparison {
        case .eq: return within
        case .neq: return !within
        case .lt: return fact < reference
        case .lteq: return wholeDay ? fact < end : fact <= reference
        case .gt: return wholeDay ? fact >= end : fact > reference
        case .gteq: return fact >= reference
        default: return false
        }
    }

    private func singleFact(_ request: DecisionRequest) -> String? {
        switch operand {
        case .ecosystem: request.requester.ecosystem.rawValue
        case .tenant: request.requester.tenant
        case .clientID: request.requester.clientID
        case .corporateNumber: request.requester.corporateNumber
        case .businessPartnerNumber: request.requester.businessPartnerNumber
        case .footprintID: request.footprint.footprintID
        case .originEcosystem: request.footprint.originEcosystem.rawValue
        default: nil
        }
    }

    private func has(_ value: String, _ request: DecisionRequest) -> Bool {
        switch operand {
        case .productID: return request.footprint.productIDs.contains(value)
        case .classification: return request.footprint.classifications.contains(value)
        case .businessPartnerGroup: return request.requester.businessPartnerGroups.contains(value)
        case .membership:
            // Catena-X `Membership eq active` asks for an active Catena-X membership.
            return request.requester.memberships.contains(value == "active" ? "catena-x" : value)
        case .frameworkAgreement:
            return Self.hasSigned(FrameworkAgreement(value), request)
        case .usagePurpose: return request.requester.usagePurposes.contains(value)
        case .contractReference: return request.requester.contractReferences.contains(value)
        default: return false
        }
    }

    private func setFacts(_ request: DecisionRequest) -> [String] {
        switch operand {
        case .productID: request.footprint.productIDs
        case .classification: request.footprint.classifications
        case .businessPartnerGroup: Array(request.requester.businessPartnerGroups)
        case .membership: Array(request.requester.memberships)
        case .frameworkAgreement: request.requester.frameworkAgreements.map(\.text)
        case .usagePurpose: Array(request.requester.usagePurposes)
        case .contractReference: Array(request.requester.contractReferences)
        default: []
        }
    }
}
