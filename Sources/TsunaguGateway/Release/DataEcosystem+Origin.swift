import TsunaguCore
import TsunaguMapping
import TsunaguRelay

extension DataEcosystem {
    /// The ecosystem a tenant's stored footprint came from: the model of the carry that its
    /// import left in it (an Ouranos or Catena-X document keeps what PACT v3 cannot hold there),
    /// PACT when it holds none. A policy's `OriginEcosystem` is decided on this.
    static func origin(of storedFootprint: JSONValue, in catalog: MappingCatalog) -> DataEcosystem {
        catalog.originModel(of: storedFootprint).flatMap(DataEcosystem.init(model:)) ?? .pact
    }
}
