import Foundation
import TsunaguEcosystems
import TsunaguRelay

/// Where the answer to a Catena-X requester goes: its PCF exchange endpoint, its request id, the
/// path form its request used and whether the answer is a later update, kept in a relay
/// request's ``ReplyAddress/catenaXExchange(endpoint:requestID:)``.
///
/// The path form and the update flag travel as a URL fragment of the endpoint
/// (`#productIds=<percent-encoded id>&update=true`): a fragment is never sent over HTTP, so the
/// endpoint stays the requester's base URL and the stored relay request needs no field of its own.
struct CatenaXReplyAddress: Sendable, Hashable {
    /// The base URL of the requester's PCF exchange endpoint.
    let endpoint: String
    /// The requester's id of its request.
    let requestID: String
    /// The path form the answer is sent on.
    let form: CatenaXExchangeForm
    /// Whether the answer is an update of a footprint delivered before (`update=true`).
    let isUpdate: Bool

    init(endpoint: String, requestID: String, form: CatenaXExchangeForm, isUpdate: Bool = false) {
        self.endpoint = endpoint
        self.requestID = requestID
        self.form = form
        self.isUpdate = isUpdate
    }

    /// Reads a reply address written by ``replyAddress``; `nil` for an address of another protocol.
    init?(_ address: ReplyAddress) {
        guard case .catenaXExchange(let stored, let requestID) = address else { return nil }
        guard let hash = stored.lastIndex(of: "#") else {
            self.init(endpoint: stored, requestID: requestID, form: .footprintExchange)
            return
        }
        var form = CatenaXExchangeForm.footprintExchange
        var isUpdate = false
        for item in stored[stored.index(after: hash)...].split(separator: "&") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            switch pair[0] {
            case "productIds": form = .productIDs(productID: pair[1].removingPercentEncoding ?? pair[1])
            case "update": isUpdate = pair[1] == "true"
            default: continue
            }
        }
        self.init(endpoint: String(stored[..<hash]), requestID: requestID, form: form, isUpdate: isUpdate)
    }

    /// The relay request's reply address.
    var replyAddress: ReplyAddress {
        var fragment: [String] = []
        if case .productIDs(let productID) = form {
            fragment.append("productIds=" + (productID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? productID))
        }
        if isUpdate { fragment.append("update=true") }
        return .catenaXExchange(endpoint: fragment.isEmpty ? endpoint : endpoint + "#" + fragment.joined(separator: "&"), requestID: requestID)
    }

    /// The same address, for an update of the footprint delivered to it.
    var forUpdate: CatenaXReplyAddress {
        CatenaXReplyAddress(endpoint: endpoint, requestID: requestID, form: form, isUpdate: true)
    }
}
