import Foundation
import Hummingbird
import RAGVault

/// Verifies the bearer API key against the catalog on every request (so a revocation holds
/// from the next request, in every process) and puts the credential in the context.
struct Authentication: RouterMiddleware {
    typealias Context = APIContext
    let vault: Vault
    let work: BlockingWork

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let refused = APIError(.unauthorized, "unauthenticated", "send a valid API key as 'Authorization: Bearer rvk_…'")
        guard let header = request.headers[.authorization], header.count <= 512 else { throw refused }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw refused }
        let key = String(parts[1]).trimmingCharacters(in: .whitespaces)
        var context = context
        let vault = self.vault
        context.credential = try await work.run { try vault.authenticate(apiKey: key) }
        return try await next(request, context)
    }
}
