/// A tenant as recorded in the catalog.
public struct TenantRecord: Equatable, Sendable {
    /// Random opaque id; bound into the wrapped key's associated data.
    public let id: String
    public let name: String
    /// Opaque random file name of the store under `tenants/`.
    public let fileName: String
    public let keyVersion: Int
    let wrappedKey: [UInt8]
    public let createdAt: String
}
