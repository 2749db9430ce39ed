import Hummingbird
import RAGVault

/// OAuth 2.1 resource server for one tenant's resource URL (`/t/{tenant}`, under which its MCP
/// tools at `/t/{tenant}/mcp` and its reads at `/t/{tenant}/v1/…` are served): the bearer is
/// an access token (a JWT from an identity provider of that tenant whose audience is this
/// resource URL), not an API key. The tenant comes from the path, but only that tenant's
/// providers are asked and the token must be bound to this very URL, so sending a token to
/// another tenant's path gets nothing. Refusals answer `401` with
/// `WWW-Authenticate: Bearer resource_metadata="…"` (RFC 9728) and count against the client
/// address's refusal budget, like refused API keys.
struct OAuthBearer: RouterMiddleware {
    typealias Context = APIContext
    let vault: Vault
    let work: BlockingWork
    let publicURL: String
    let refusals: RefusalGuard

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let route = "\(request.method.rawValue) \(context.endpointPath ?? "unmatched")"
        if let wait = refusals.exhausted(context.clientAddress) {
            refusals.refused(context.clientAddress, keyID: nil, route: route, code: "rate_limited")
            throw APIError(
                .tooManyRequests, "rate_limited", "too many refused requests from this address; retry after the given seconds",
                retryAfter: max(1, Int(wait.rounded(.up))))
        }
        let tenant = context.parameters.get("tenant") ?? ""
        let resource = ProtectedResource.url(publicURL, tenant: tenant)
        let challenge = "Bearer resource_metadata=\"\(ProtectedResource.metadataURL(publicURL, tenant: tenant))\""
        var verified: Principal
        do {
            guard let header = request.headers[.authorization], header.utf8.count <= 16 << 10 else {
                throw APIError(.unauthorized, "unauthenticated", "send an OAuth access token for this resource as 'Authorization: Bearer …'")
            }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw APIError(.unauthorized, "unauthenticated", "send an OAuth access token for this resource as 'Authorization: Bearer …'")
            }
            let vault = self.vault
            let providers = try await work.run { try vault.oauthProviders(tenant: tenant, resource: resource) }
            verified = try await vault.oauthPrincipal(tenant: tenant, accessToken: String(parts[1]), trusting: providers)
        } catch {
            var refusal =
                (error as? APIError) ?? (error as? RAGVaultError).map(APIError.init) ?? APIError(.unauthorized, "unauthenticated", "the token was refused")
            if refusal.status == .unauthorized {
                refusals.refused(context.clientAddress, keyID: nil, route: route, code: refusal.code)
                refusal.wwwAuthenticate = challenge + (refusal.code == "unauthenticated" ? "" : ", error=\"invalid_token\"")
            }
            throw refusal
        }
        var context = context
        context.delegated = verified
        return try await next(request, context)
    }
}

/// Resource URLs and their metadata URLs (RFC 9728 §3: the well-known segment goes between
/// the host and the path). One resource per tenant, `<public>/t/{tenant}`: MCP hosts accept a
/// resource that is a parent of the server URL they were given (`…/t/{tenant}/mcp`).
enum ProtectedResource {
    static func url(_ publicURL: String, tenant: String) -> String {
        trimmed(publicURL) + "/t/" + escape(tenant)
    }

    static func metadataURL(_ publicURL: String, tenant: String) -> String {
        trimmed(publicURL) + "/.well-known/oauth-protected-resource/t/" + escape(tenant)
    }

    private static func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }

    private static func escape(_ tenant: String) -> String {
        tenant.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? ""
    }
}
