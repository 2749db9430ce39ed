import Foundation
import Hummingbird
import RAGVault

/// A tenant admin's routes: the tenant's redaction policy, identity providers and API keys
/// (never granting more than the admin's own key holds).
struct AdminRoutes {
    let retriever: Retriever
    let work: BlockingWork

    func add(to group: RouterGroup<APIContext>) {
        group.get("policy") { _, context in
            let access = try context.access(retriever)
            return try JSONBody.response(try await work.run { try access.policy() })
        }
        group.put("policy") { request, context in
            let access = try context.access(retriever)
            try access.requireAdmin(to: "change the policy")
            let data = try await JSONBody.read(request, limit: 64 << 10)
            return try JSONBody.response(
                try await work.run {
                    let policy = try RedactionPolicy.parse(data)
                    try access.setPolicy(policy)
                    return policy
                })
        }
        group.get("vectors") { _, context in
            let access = try context.access(retriever)
            return try JSONBody.response(try await work.run { try access.vectors() })
        }
        group.put("vectors") { request, context in
            let access = try context.access(retriever)
            try access.requireAdmin(to: "change the vector configuration")
            let data = try await JSONBody.read(request, limit: 16 << 10)
            return try JSONBody.response(try await work.run { try access.setVectors(try VectorConfig.parse(data)) })
        }
        group.get("idp") { _, context in
            let access = try context.access(retriever)
            return try JSONBody.response(ProviderList(providers: try await work.run { try access.identityProviders() }))
        }
        group.put("idp") { request, context in
            let access = try context.access(retriever)
            try access.requireAdmin(to: "change the identity providers")
            let body = try await JSONBody.decode(ProviderList.self, from: request, limit: 256 << 10)
            try await work.run { try access.setIdentityProviders(body.providers) }
            return try JSONBody.response(body)
        }
        group.post("keys") { request, context in
            let access = try context.access(retriever)
            try access.requireAdmin(to: "manage keys")
            let body = try await JSONBody.decode(NewKey.self, from: request, limit: 16 << 10)
            let created = try await work.run {
                try access.createKey(
                    subject: body.subject, roles: body.roles ?? [], groups: body.groups ?? [],
                    scopes: try Scope.parse(body.scopes), expiresAt: body.expiresAt)
            }
            return try JSONBody.response(CreatedKey(key: created.key, record: created.record), status: .created)
        }
        group.get("keys") { _, context in
            let access = try context.access(retriever)
            return try JSONBody.response(KeyList(keys: try await work.run { try access.keys() }))
        }
        group.delete("keys/{key_id}") { _, context in
            let access = try context.access(retriever)
            let id = try context.pathParameter("key_id")
            try await work.run { try access.revokeKey(id: id) }
            return try JSONBody.response(["revoked": id])
        }
    }

    struct NewKey: Decodable {
        var subject: String?
        var roles: [String]?
        var groups: [String]?
        var scopes: [String]
        var expiresAt: Date?

        enum CodingKeys: String, CodingKey, CaseIterable { case subject, roles, groups, scopes, expiresAt = "expires_at" }

        init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, known: Set(CodingKeys.allCases.map(\.rawValue)))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            subject = try c.decodeIfPresent(String.self, forKey: .subject)
            roles = try c.decodeIfPresent([String].self, forKey: .roles)
            groups = try c.decodeIfPresent([String].self, forKey: .groups)
            scopes = try c.decode([String].self, forKey: .scopes)
            if let text = try c.decodeIfPresent(String.self, forKey: .expiresAt) {
                guard let date = try? Date(text, strategy: .iso8601) else {
                    throw DecodingError.dataCorruptedError(forKey: .expiresAt, in: c, debugDescription: "expires_at must be an ISO 8601 date-time")
                }
                guard date > Date() else {
                    throw DecodingError.dataCorruptedError(forKey: .expiresAt, in: c, debugDescription: "expires_at must be in the future")
                }
                expiresAt = date
            }
        }
    }

    /// `{"providers": [...]}`: the whole list, replaced at once.
    struct ProviderList: Codable {
        var providers: [IdentityProvider]

        enum CodingKeys: String, CodingKey, CaseIterable { case providers }

        init(providers: [IdentityProvider]) { self.providers = providers }

        init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, known: Set(CodingKeys.allCases.map(\.rawValue)))
            providers = try decoder.container(keyedBy: CodingKeys.self).decode([IdentityProvider].self, forKey: .providers)
        }
    }

    struct CreatedKey: Encodable { let key: String; let record: APIKeyRecord }
    struct KeyList: Encodable { let keys: [APIKeyRecord] }
}

/// Operator routes: tenants' lifecycle. Operator keys never reach a tenant's data.
struct OperatorRoutes {
    let vault: Vault
    let work: BlockingWork

    struct TenantView: Encodable {
        let name: String
        let keyVersion: Int
        let createdAt: String
        enum CodingKeys: String, CodingKey { case name, keyVersion = "key_version", createdAt = "created_at" }
        init(_ r: TenantRecord) { (name, keyVersion, createdAt) = (r.name, r.keyVersion, r.createdAt) }
    }

    struct NewTenant: Decodable {
        let name: String
        let adminKey: AdminKey?
        /// Also a `search:delegated` key (no admin key may make one: it holds no such scope).
        let delegatedKey: Bool
        enum CodingKeys: String, CodingKey { case name, adminKey = "admin_key", delegatedKey = "delegated_key" }
        init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, known: ["name", "admin_key", "delegated_key"])
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            adminKey = try c.decodeIfPresent(AdminKey.self, forKey: .adminKey)
            delegatedKey = try c.decodeIfPresent(Bool.self, forKey: .delegatedKey) ?? false
        }
    }

    /// The tenant's first admin key, made with it: the only way an operator reaches a tenant's
    /// data, and only the data of a tenant it has just made (a probe's, a provisioning job's).
    struct AdminKey: Decodable {
        let subject: String?
        let roles: [String]
        let groups: [String]
        enum CodingKeys: String, CodingKey, CaseIterable { case subject, roles, groups }
        init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, known: Set(CodingKeys.allCases.map(\.rawValue)))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            subject = try c.decodeIfPresent(String.self, forKey: .subject)
            roles = try c.decodeIfPresent([String].self, forKey: .roles) ?? []
            groups = try c.decodeIfPresent([String].self, forKey: .groups) ?? []
        }
    }

    struct CreatedTenant: Encodable {
        let tenant: TenantView
        let adminKey: AdminRoutes.CreatedKey?
        let delegatedKey: AdminRoutes.CreatedKey?
        enum CodingKeys: String, CodingKey {
            case name, keyVersion = "key_version", createdAt = "created_at", adminKey = "admin_key", delegatedKey = "delegated_key"
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(tenant.name, forKey: .name)
            try c.encode(tenant.keyVersion, forKey: .keyVersion)
            try c.encode(tenant.createdAt, forKey: .createdAt)
            try c.encodeIfPresent(adminKey, forKey: .adminKey)
            try c.encodeIfPresent(delegatedKey, forKey: .delegatedKey)
        }
    }

    func add(to group: RouterGroup<APIContext>) {
        group.post("tenants") { request, context in
            let audit = context.audit
            try context.requireOperator()
            let body = try await JSONBody.decode(NewTenant.self, from: request, limit: 16 << 10)
            let vault = self.vault
            let created = try await work.run {
                // The key's names are checked before the tenant exists.
                if let key = body.adminKey {
                    _ = try Principal.impersonating(tenant: body.name, subject: key.subject, roles: key.roles, groups: key.groups)
                }
                let tenant = try vault.createTenant(body.name, audit: audit)
                let key: (key: String, record: APIKeyRecord)?, delegated: (key: String, record: APIKeyRecord)?
                do {
                    key = try body.adminKey.map {
                        try vault.createAPIKey(
                            tenant: tenant.name, subject: $0.subject, roles: $0.roles, groups: $0.groups, scopes: [.search, .ingest, .admin],
                            audit: audit)
                    }
                    delegated =
                        body.delegatedKey
                        ? try vault.createAPIKey(tenant: tenant.name, subject: nil, roles: [], scopes: [.searchDelegated], audit: audit) : nil
                } catch {
                    // A refused key (a search key with no identity, both search scopes) leaves no tenant.
                    try? vault.deleteTenant(tenant.name, audit: audit)
                    throw error
                }
                return CreatedTenant(
                    tenant: TenantView(tenant), adminKey: key.map { AdminRoutes.CreatedKey(key: $0.key, record: $0.record) },
                    delegatedKey: delegated.map { AdminRoutes.CreatedKey(key: $0.key, record: $0.record) })
            }
            return try JSONBody.response(created, status: .created)
        }
        group.get("tenants") { _, context in
            try context.requireOperator()
            let vault = self.vault
            return try JSONBody.response(["tenants": try await work.run { try vault.tenants().map(TenantView.init) }])
        }
        group.delete("tenants/{tenant}") { _, context in
            let audit = context.audit
            try context.requireOperator()
            let name = try context.pathParameter("tenant")
            let vault = self.vault
            try await work.run { try vault.deleteTenant(name, audit: audit) }
            return try JSONBody.response(["deleted": name])
        }
        group.post("tenants/{tenant}/rotate-key") { _, context in
            let audit = context.audit
            try context.requireOperator()
            let name = try context.pathParameter("tenant")
            let vault = self.vault
            return try JSONBody.response(TenantView(try await work.run { try vault.rotateTenantKey(name, audit: audit) }))
        }
    }
}
