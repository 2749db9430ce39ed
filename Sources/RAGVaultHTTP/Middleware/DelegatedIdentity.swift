import HTTPTypes
import Hummingbird
import RAGVault

/// For a `search:delegated` key: verifies the end user's token (`X-RAGVault-User-Token`)
/// against the key's tenant's identity providers and puts the user's principal in the
/// context. Placed after audit recording and rate limiting, so a refused token is on record
/// and verification work is bounded per key. Other keys pass untouched (a user token sent
/// with them is ignored: it could only narrow, never widen, and is not checked).
struct DelegatedIdentity: RouterMiddleware {
    typealias Context = APIContext
    static let header = HTTPField.Name("X-RAGVault-User-Token")!
    let vault: Vault
    let work: BlockingWork

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard let credential = context.credential, credential.scopes.contains(.searchDelegated) else {
            return try await next(request, context)
        }
        var context = context
        let token = request.headers[Self.header]
        guard let token, !token.isEmpty else {
            context.delegated = try await vault.delegatedPrincipal(for: credential, userToken: token) // refused: no token
            return try await next(request, context)
        }
        let vault = self.vault
        var providers = context.identityProviders
        if providers == nil { providers = try await work.run { try vault.delegationProviders(for: credential) } }
        context.delegated = try await vault.delegatedPrincipal(for: credential, userToken: token, trusting: providers ?? [])
        return try await next(request, context)
    }
}
