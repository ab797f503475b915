import Crypto
import Foundation
import Logging
import Synchronization
import TsunaguCore
import TsunaguEcosystems
import TsunaguRelay
import TsunaguStore

/// The gateway as the Ouranos data-transaction system for Ouranos-side buyers: accounts are the
/// tenant's API clients linked to an Ouranos partner, parts and trade requests live in the store,
/// and every trade request is answered by the relay.
///
/// - `apiKey`: one of the keys in the environment variable ``OuranosSettings/apiKeyVariable``.
/// - Login: `operatorAccountId` / `accountPassword` are the client id and secret of an API client
///   of the tenant (`tsunagu clients add`) that an Ouranos partner names as its inbound client
///   (`tsunagu partners add --ecosystem ouranos --corporate-number … --inbound-client-id …`); the
///   partner's corporate number is the caller's operator.
/// - Tokens: JWTs signed by the gateway's key, with their own issuers (`<issuer>/ouranos` for
///   access, `<issuer>/ouranos/refresh` for refresh), so PACT tokens and refresh tokens are not
///   access tokens here.
/// - A trade request becomes a relay request (protocol `ouranos`, the buyer's corporate number,
///   the product id = the `partsName` of the part the request is about, the company id = the
///   corporate number of the asked operator), stored before the 201 is sent.
public final class OuranosGatewayBackend: OuranosHostBackend {
    struct Caller: Sendable {
        let tenant: String
        let clientID: String
    }

    private let store: any GatewayStore
    let parts: any OuranosStore
    let directory: OuranosOperatorDirectory
    private let authenticator: ClientAuthenticator
    private let accessTokens: TokenIssuer
    private let refreshTokens: TokenIssuer
    let worker: RelayWorker
    let answer: OuranosCFPAnswer
    /// The rules in force: a delivered footprint is handed out only under the policies it was
    /// released under (see `releasedUnderPoliciesInForce`).
    let rules: GatewayRules
    private let apiKeyDigests: Set<Data>
    let deadline: TimeInterval
    let retryPolicy: RetryPolicy
    let logger: Logger
    private let callers = Mutex<[String: Caller]>([:])

    /// Creates the backend.
    /// - Parameters:
    ///   - accessTokens: the issuer of access tokens (its own issuer string; see the type's notes).
    ///   - refreshTokens: the issuer of refresh tokens.
    ///   - environment: where the API keys are read, by ``OuranosSettings/apiKeyVariable``.
    ///   - deadline: how long a relayed trade request may take, in seconds.
    public init(
        store: any GatewayStore & OuranosStore, settings: OuranosSettings, accessTokens: TokenIssuer, refreshTokens: TokenIssuer, worker: RelayWorker,
        rules: GatewayRules, environment: [String: String], deadline: TimeInterval, retryPolicy: RetryPolicy = RetryPolicy(), logger: Logger
    ) {
        self.store = store
        self.parts = store
        self.directory = OuranosOperatorDirectory(settings: settings, store: store)
        self.authenticator = ClientAuthenticator(store: store)
        self.accessTokens = accessTokens
        self.refreshTokens = refreshTokens
        self.worker = worker
        self.answer = OuranosCFPAnswer(rules: rules)
        self.rules = rules
        let keys = (environment[settings.apiKeyVariable] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        self.apiKeyDigests = Set(keys.map(Self.digest))
        self.deadline = deadline
        self.retryPolicy = retryPolicy
        self.logger = logger
    }

    private static func digest(_ key: String) -> Data { Data(SHA256.hash(data: Array(key.utf8))) }

    // MARK: Keys, accounts and tokens

    public func checkAPIKey(_ apiKey: String) async throws(OuranosError) {
        guard apiKeyDigests.contains(Self.digest(apiKey)) else { throw OuranosError.accessDenied("Invalid key") }
    }

    public func login(accountID: String, password: String) async throws(OuranosError) -> OuranosTokens {
        let requester: PACTRequester
        let registration: String
        switch await authenticator.authenticate(clientID: accountID, secret: password) {
        case .authenticated(let found, let registered):
            (requester, registration) = (found, registered)
        case .refused:
            throw OuranosError.unauthorized("Invalid credentials")
        case .lockedOut(let seconds):
            throw OuranosError.unauthorized("Too many failed attempts for this account; try again in \(seconds) seconds")
        case .storeUnavailable(let reason):
            logger.error("Ouranos login could not be checked: the store did not answer", metadata: ["error": "\(reason)"])
            throw OuranosError.serviceUnavailable("the gateway's store is not available; try again", system: .auth)
        }
        _ = try await linkedOperator(of: requester, token: nil)
        do {
            return OuranosTokens(
                accessToken: try accessTokens.issue(for: requester, registration: registration),
                refreshToken: try refreshTokens.issue(for: requester, registration: registration))
        } catch {
            throw OuranosError.internalError("Unexpected error occurred: tokens could not be signed", system: .auth)
        }
    }

    public func refresh(refreshToken: String) async throws(OuranosError) -> String {
        let token: (requester: PACTRequester, registration: String?, issued: Date)
        do {
            token = try refreshTokens.verifiedToken(refreshToken)
        } catch {
            throw OuranosError.unauthorized("Invalid or expired token")
        }
        _ = try await linkedOperator(of: token.requester, token: (token.registration, token.issued))
        do {
            return try accessTokens.issue(for: token.requester, registration: token.registration)
        } catch {
            throw OuranosError.internalError("Unexpected error occurred: the token could not be signed", system: .auth)
        }
    }

    public func authenticate(accessToken: String) async throws(OuranosError) -> OuranosOperator {
        let token: (requester: PACTRequester, registration: String?, issued: Date)
        do {
            token = try accessTokens.verifiedToken(accessToken)
        } catch {
            throw OuranosError.unauthorized("Invalid or expired token")
        }
        let requester = token.requester
        let found = try await linkedOperator(of: requester, token: (token.registration, token.issued))
        callers.withLock { $0[found.operatorID] = Caller(tenant: requester.tenant, clientID: requester.clientID) }
        return found
    }

    /// The operator an API client acts for: the Ouranos partner of its tenant that names it as
    /// inbound client. With `token` (what a token states), the token must belong to the client's
    /// present registration (see `APIClient.accepts(tokenRegistration:issuedAt:)`).
    private func linkedOperator(of requester: PACTRequester, token: (registration: String?, issued: Date)?) async throws(OuranosError) -> OuranosOperator {
        let partners: [StoredPartner]
        do {
            guard let client = try await store.client(id: requester.clientID), client.tenant == requester.tenant,
                token.map({ client.accepts(tokenRegistration: $0.registration, issuedAt: $0.issued) }) ?? true
            else { throw OuranosError.unauthorized("Invalid or expired token") }
            partners = try await store.partners(ofTenant: requester.tenant)
        } catch let error as OuranosError {
            throw error
        } catch {
            throw OuranosError.serviceUnavailable("the gateway's store is not available; try again", system: .auth)
        }
        let linked = partners.first { $0.ecosystem == DataEcosystem.ouranos.rawValue && $0.inboundClientID == requester.clientID }
        guard let linked, let found = OuranosOperatorDirectory.partnerOperator(linked) else {
            throw OuranosError.accessDenied(
                "account '\(requester.clientID)' is not linked to an Ouranos partner of its tenant (register the partner with --ecosystem ouranos, its corporate number and --inbound-client-id \(requester.clientID))"
            )
        }
        return found
    }

    func context(of caller: OuranosOperator) throws(OuranosError) -> Caller {
        guard let known = callers.withLock({ $0[caller.operatorID] }) else { throw OuranosError.unauthorized("Authentication required") }
        return known
    }

    // MARK: Operators

    public func operatorInfo(corporateNumber: CorporateNumber, for caller: OuranosOperator) async throws(OuranosError) -> OuranosOperator {
        let tenant = try context(of: caller).tenant
        guard let found = try await directory.all(tenant: tenant).first(where: { $0.corporateNumber == corporateNumber }) else {
            throw OuranosError.notFound("no operator with openOperatorId \(corporateNumber) is known to this gateway", system: .auth)
        }
        return found
    }

    public func operators(ids: [String], for caller: OuranosOperator) async throws(OuranosError) -> [OuranosOperator] {
        let wanted = Set(ids.map { $0.lowercased() })
        return try await directory.all(tenant: try context(of: caller).tenant).filter { wanted.contains($0.operatorID) }
    }
}
