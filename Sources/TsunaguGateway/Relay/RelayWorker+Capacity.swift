import TsunaguRelay

extension RelayWorker {
    /// Takes `request` under way (stored at `version`), counted against its requester's share.
    func begin(_ request: RelayRequest, version: Int64) {
        if live.updateValue(Live(request: request, version: version), forKey: request.id) == nil {
            underWayByRequester[Self.requesterKey(request), default: 0] += 1
        }
    }

    /// Who a request counts against: its requester within its tenant.
    static func requesterKey(_ request: RelayRequest) -> String {
        "\(request.tenant)\u{0}\(request.requester.identity)"
    }
}
