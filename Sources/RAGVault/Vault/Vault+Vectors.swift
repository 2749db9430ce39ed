import Foundation

/// A tenant's vector configuration with what its store holds (`GET /v1/vectors`).
public struct VectorStatus: Encodable, Equatable, Sendable {
    /// nil: the tenant has no vectors (text search only).
    public let config: VectorConfig?
    /// Chunks holding a vector.
    public let stored: Int
    /// Of those, vectors of another model or dimension: vector searches fail `vectors_stale`
    /// until they are 0.
    public let stale: Int
}

extension Vault {
    public func vectorStatus(for tenant: String) throws -> VectorStatus {
        let store = try store(for: tenant)
        let counts = try store.vectorCounts()
        return VectorStatus(config: try store.vectorConfig(), stored: counts.stored, stale: counts.stale)
    }

    /// Replaces the tenant's vector configuration (audited as `vectors.write`, with the
    /// configuration before and after — never the endpoint's key). A new model or dimension
    /// makes the stored vectors stale.
    @discardableResult
    public func setVectorConfig(
        _ config: VectorConfig, for tenant: String, endpointKey: EndpointKeyChange = .keep, subject: String? = nil, audit: AuditContext? = nil
    ) throws -> VectorStatus {
        try audited(audit, "vectors.write", tenant: tenant, subject: subject) { record in
            try config.validate()
            let store = try store(for: tenant)
            record.before = .of(try store.vectorConfig())
            try store.setVectorConfig(config, endpointKey: endpointKey)
            record.after = .of(config)
            return try vectorStatus(for: tenant)
        }
    }
}
