import Foundation

extension SQLiteStore {
    public func addPartner(_ partner: StoredPartner) throws(StoreError) {
        try insertPartner(partner, checkingBPN: true)
    }

    public func updatePartner(_ partner: StoredPartner) throws(StoreError) {
        try rewritePartner(partner, checkingBPN: true)
    }

    /// Adds `partner`; its BPN is checked against the tenant's other partners unless the caller
    /// checks the tenant's partners as a whole afterwards.
    func insertPartner(_ partner: StoredPartner, checkingBPN: Bool) throws(StoreError) {
        guard try tenant(named: partner.tenant) != nil else { throw StoreError.notFound("tenant '\(partner.tenant)' does not exist") }
        guard try self.partner(named: partner.name, tenant: partner.tenant) == nil else {
            throw StoreError.conflict("tenant '\(partner.tenant)' already has a partner named '\(partner.name)'")
        }
        if checkingBPN { try refuseTakenBPN(of: partner) }
        registry.partners[partner.tenant] = nil
        try connection.query(
            """
            INSERT INTO partners (tenant, name, ecosystem, base_url, pact_client_id, bpn, corporate_number, model,
                inbound_client_id, outbound_client_id, outbound_secret_env, outbound_api_key_env, created)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            Self.bindings(of: partner)
        )
    }

    /// Updates `partner`, checking its BPN as ``insertPartner(_:checkingBPN:)`` does.
    func rewritePartner(_ partner: StoredPartner, checkingBPN: Bool) throws(StoreError) {
        guard try self.partner(named: partner.name, tenant: partner.tenant) != nil else { throw Self.missing(partner.name, partner.tenant) }
        if checkingBPN { try refuseTakenBPN(of: partner) }
        registry.partners[partner.tenant] = nil
        try connection.query(
            """
            UPDATE partners SET ecosystem = ?3, base_url = ?4, pact_client_id = ?5, bpn = ?6, corporate_number = ?7, model = ?8,
                inbound_client_id = ?9, outbound_client_id = ?10, outbound_secret_env = ?11, outbound_api_key_env = ?12, created = ?13
            WHERE tenant = ?1 AND name = ?2
            """,
            Self.bindings(of: partner)
        )
        guard connection.changes == 1 else { throw Self.missing(partner.name, partner.tenant) }
    }

    public func partner(named name: String, tenant: String) throws(StoreError) -> StoredPartner? {
        try partners(ofTenant: tenant).first { $0.name == name }
    }

    public func partners(ofTenant tenant: String) throws(StoreError) -> [StoredPartner] {
        try dropCachesChangedElsewhere()
        if let cached = registry.partners[tenant] { return cached }
        let loaded = try connection.query("\(Self.partnerColumns) WHERE tenant = ? ORDER BY name", [.text(tenant)]).map(Self.partner(from:))
        registry.partners[tenant] = loaded
        return loaded
    }

    public func partners(bpn: String) throws(StoreError) -> [StoredPartner] {
        var found: [StoredPartner] = []
        for tenant in try tenants() {
            found += try partners(ofTenant: tenant.name).filter { $0.bpn == bpn }
        }
        return found
    }

    public func removePartner(named name: String, tenant: String) throws(StoreError) {
        registry.partners[tenant] = nil
        try connection.query("DELETE FROM partners WHERE tenant = ? AND name = ?", [.text(tenant), .text(name)])
        guard connection.changes == 1 else { throw Self.missing(name, tenant) }
    }

    /// Refuses a Catena-X partner whose BPN another Catena-X partner of its tenant holds: a
    /// Catena-X call names its sender by BPN only, so calls from the second would be taken as the
    /// first's (and its answers refused as answering no request of it).
    func refuseTakenBPN(of partner: StoredPartner) throws(StoreError) {
        guard partner.ecosystem == "catenax", let bpn = partner.bpn else { return }
        let holder = try partners(ofTenant: partner.tenant).first { $0.ecosystem == "catenax" && $0.bpn == bpn && $0.name != partner.name }
        guard let holder else { return }
        throw StoreError.conflict(
            "tenant '\(partner.tenant)' already has Catena-X partner '\(holder.name)' with BPN \(bpn): a Catena-X call names its sender by BPN only, "
                + "so one BPN is one partner of a tenant; change '\(holder.name)' or remove it first")
    }

    private static func missing(_ name: String, _ tenant: String) -> StoreError {
        StoreError.notFound("tenant '\(tenant)' has no partner named '\(name)'")
    }

    private static let partnerColumns = """
        SELECT tenant, name, ecosystem, base_url, pact_client_id, bpn, corporate_number, model, inbound_client_id,
            outbound_client_id, outbound_secret_env, outbound_api_key_env, created FROM partners
        """

    private static func bindings(of partner: StoredPartner) -> [SQLiteValue] {
        func optional(_ text: String?) -> SQLiteValue { text.map(SQLiteValue.text) ?? .null }
        return [
            .text(partner.tenant), .text(partner.name), .text(partner.ecosystem), .text(partner.baseURL), optional(partner.pactClientID),
            optional(partner.bpn), optional(partner.corporateNumber), .text(partner.model), optional(partner.inboundClientID),
            optional(partner.outboundClientID), optional(partner.outboundSecretVariable), optional(partner.outboundAPIKeyVariable),
            .time(partner.created),
        ]
    }

    private static func partner(from row: SQLiteRow) -> StoredPartner {
        StoredPartner(
            tenant: row.text(0) ?? "", name: row.text(1) ?? "", ecosystem: row.text(2) ?? "", baseURL: row.text(3) ?? "",
            pactClientID: row.text(4), bpn: row.text(5), corporateNumber: row.text(6), model: row.text(7) ?? "",
            inboundClientID: row.text(8), outboundClientID: row.text(9), outboundSecretVariable: row.text(10),
            outboundAPIKeyVariable: row.text(11), created: row.date(12)
        )
    }
}
