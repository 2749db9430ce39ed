import Foundation
import Hummingbird
import RAGVault

/// Verifies the bearer API key against the catalog on every request (so a revocation holds
/// from the next request, in every process) and puts the credential in the context. A client
/// address whose refusal budget is spent is answered `429` before the catalog is read.
struct Authentication: RouterMiddleware {
    typealias Context = APIContext
    let vault: Vault
    let work: BlockingWork
    let refusals: RefusalGuard

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let refused = APIError(.unauthorized, "unauthenticated", "send a valid API key as 'Authorization: Bearer rvk_…'")
        let vault = self.vault
        let route = "\(request.method.rawValue) \(context.endpointPath ?? "unmatched")"
        if let wait = refusals.exhausted(context.clientAddress) {
            refusals.refused(context.clientAddress, keyID: nil, route: route, code: "rate_limited")
            throw APIError(
                .tooManyRequests, "rate_limited",
                "too many refused requests from this address; retry after the given seconds",
                retryAfter: max(1, Int(wait.rounded(.up))))
        }
        var presented: String?
        var authenticated = false
        do {
            guard let header = request.headers[.authorization], header.count <= 512 else { throw refused }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw refused }
            let key = String(HeaderValue.trimmed(parts[1]))
            presented = key
            var context = context
            // A delegated key's tenant's identity providers are read in the same trip to the
            // blocking-work threads (DelegatedIdentity verifies the user token with them).
            (context.credential, context.identityProviders) = try await work.run {
                let credential = try vault.authenticate(apiKey: key)
                guard credential.scopes.contains(.searchDelegated) else { return (credential, nil) }
                return (credential, try vault.delegationProviders(for: credential))
            }
            authenticated = true
            return try await next(request, context)
        } catch let error where !authenticated && Self.isRefusal(error) {
            // Refused before any tenant is known: counted for the operator log's next aggregate,
            // with the key id presented (its public part) — never the secret.
            refusals.refused(
                context.clientAddress, keyID: presented.flatMap(APIKeyRecord.publicID(of:)), route: route,
                code: "unauthenticated")
            throw error
        }
    }

    static func isRefusal(_ error: Error) -> Bool {
        (error as? APIError)?.code == "unauthenticated" || (error as? RAGVaultError)?.code == .unauthenticated
    }
}
