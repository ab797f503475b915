import TsunaguRelay

extension RelayWorker {
    /// Takes `request` under way (stored at `version`). Unless its place was `counted` when it
    /// was submitted, it is counted against its requester's share now (a request resumed at start).
    func begin(_ request: RelayRequest, version: Int64, counted: Bool = false) {
        if live.updateValue(Live(request: request, version: version), forKey: request.id) == nil, !counted {
            underWayByRequester[Self.requesterKey(request), default: 0] += 1
        }
    }

    /// Gives back a place of `requester` (its request ended, or was not taken after all).
    func release(_ requester: String) {
        let left = underWayByRequester[requester, default: 1] - 1
        underWayByRequester[requester] = left > 0 ? left : nil
    }

    /// Who a request counts against: its requester within its tenant.
    static func requesterKey(_ request: RelayRequest) -> String {
        "\(request.tenant)\u{0}\(request.requester.identity)"
    }
}
