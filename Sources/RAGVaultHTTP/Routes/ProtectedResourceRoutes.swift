import Foundation
import Hummingbird
import RAGVault

/// `GET /.well-known/oauth-protected-resource/t/{tenant}` (and `…/t/{tenant}/mcp`, where MCP
/// hosts look first): the Protected Resource Metadata (RFC 9728) of a tenant's resource — the
/// authorization servers an MCP host discovers after its first `401`. A tenant that does not
/// exist and one that accepts no OAuth tokens answer the same `404`.
struct ProtectedResourceRoutes {
    let vault: Vault
    let work: BlockingWork
    let publicURL: String

    struct Metadata: Encodable {
        let resource: String
        let authorization_servers: [String]
        let bearer_methods_supported = ["header"]
        let scopes_supported = ["search"]
        let resource_name: String
    }

    func add(to router: Router<APIContext>) {
        for path in [".well-known/oauth-protected-resource/t/{tenant}", ".well-known/oauth-protected-resource/t/{tenant}/mcp"] {
            router.get(RouterPath(path)) { _, context in try await metadata(context) }
        }
    }

    private func metadata(_ context: APIContext) async throws -> Response {
        let tenant = try context.pathParameter("tenant")
        let resource = ProtectedResource.url(publicURL, tenant: tenant)
        let vault = self.vault
        let servers = try await work.run { (try? vault.authorizationServers(tenant: tenant, resource: resource)) ?? [] }
        guard !servers.isEmpty else { throw APIError(.notFound, "not_found", "no such protected resource") }
        return try JSONBody.response(Metadata(resource: resource, authorization_servers: servers, resource_name: "RAGVault \(tenant)"))
    }
}
