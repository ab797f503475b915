extension SQLiteStore {
    /// Makes the tenant's partners what a partner file declares, in one transaction: each declared
    /// partner is added or updated and, with `pruning`, the tenant's others are removed. The BPNs
    /// are checked on the result (two partners may swap theirs), and any refusal changes nothing.
    /// - Returns: what was done, removals first, then the declared partners in their order.
    /// - Throws: ``StoreError/conflict(_:)`` naming a BPN two Catena-X partners would share, or the
    ///   store's error; the tenant's partners are then as they were.
    public func applyPartners(_ declared: [StoredPartner], tenant: String, pruning: Bool) throws(StoreError) -> [PartnerChange] {
        // Whatever the transaction did, the tenant's partners are read again afterwards: a list
        // read inside a transaction that was rolled back would be wrong.
        defer { registry.partners[tenant] = nil }
        return try connection.transaction { () throws(StoreError) -> [PartnerChange] in
            var changes: [PartnerChange] = []
            let names = Set(declared.map(\.name))
            let existing = try partners(ofTenant: tenant).map(\.name)
            if pruning {
                for name in existing where !names.contains(name) {
                    try removePartner(named: name, tenant: tenant)
                    changes.append(.removed(name))
                }
            }
            for partner in declared {
                if existing.contains(partner.name) {
                    try rewritePartner(partner, checkingBPN: false)
                    changes.append(.updated(partner.name))
                } else {
                    try insertPartner(partner, checkingBPN: false)
                    changes.append(.added(partner.name))
                }
            }
            for partner in try partners(ofTenant: tenant) {
                try refuseTakenBPN(of: partner)
            }
            return changes
        }
    }
}
