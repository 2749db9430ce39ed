import Foundation

/// What a credential may do. Every library operation asks for the scope it needs itself
/// (`Principal.require`); the HTTP, MCP and CLI layers only translate the answer.
public enum Scope: String, Codable, Sendable, CaseIterable, Comparable {
    /// Search and read passages, chunks and documents as the credential's own principal.
    case search
    /// Search only as an end user whose token from the tenant's identity provider comes with
    /// the request: the key itself reads nothing (`Vault.delegatedPrincipal`).
    case searchDelegated = "search:delegated"
    /// Write, delete and re-ACL documents.
    case ingest
    /// Manage the tenant: policy, settings, keys, identity providers, the audit log.
    case admin
    /// Operator keys: tenants and rotation, never a tenant's data.
    case `operator`

    /// The scopes a tenant key may carry.
    public static let tenant: Set<Scope> = [.search, .searchDelegated, .ingest, .admin]

    public static func < (a: Scope, b: Scope) -> Bool { a.rawValue < b.rawValue }

    /// Parses scope names as users type them (`search, ingest`), naming the valid ones on error.
    public static func parse(_ names: [String]) throws -> Set<Scope> {
        Set(
            try names.map { name in
                guard let scope = Scope(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw RAGVaultError(
                        .invalidInput, "unknown scope '\(name.prefix(40))': tenant key scopes are \(tenant.sorted().map(\.rawValue).joined(separator: ", "))")
                }
                return scope
            })
    }
}

extension Principal {
    /// Passes when the principal holds any of `scopes`; else `forbidden`, naming what was needed.
    public func require(_ scopes: Set<Scope>, to action: String) throws {
        guard self.scopes.isDisjoint(with: scopes) else { return }
        let names = scopes.sorted().map { "'\($0.rawValue)'" }.joined(separator: " or ")
        throw RAGVaultError(.forbidden, "the credential may not \(action) (needs scope \(names))")
    }

    public func may(_ scope: Scope) -> Bool { scopes.contains(scope) }
}
