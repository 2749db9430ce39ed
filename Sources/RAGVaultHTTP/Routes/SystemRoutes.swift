import Foundation
import Hummingbird
import RAGVault

/// Unauthenticated routes: liveness, readiness and the contract. None names a tenant or
/// returns data.
struct SystemRoutes {
    let vault: Vault
    let work: BlockingWork

    func add(to router: Router<APIContext>) {
        router.get("healthz") { _, _ in try JSONBody.response(["status": "ok"]) }
        router.get("readyz") { _, _ in
            let vault = self.vault
            do {
                _ = try await work.run { try vault.tenants().count }
            } catch {
                throw APIError(.serviceUnavailable, "not_ready", "the catalog cannot be read", retryAfter: 5)
            }
            return try JSONBody.response(["status": "ready"])
        }
        router.get("openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
    }
}

/// The contract, served exactly as committed (`Sources/RAGVaultHTTP/openapi.yaml`).
public enum OpenAPIDocument {
    public static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else { return Array("openapi: 3.1.0\n".utf8) }
        return Array(data)
    }()
}

/// `/metrics` for operator keys only: redaction counts by type, open stores and denials move
/// with one tenant's searches, so an anonymous reader would watch other tenants' activity.
/// (Prometheus sends the key with `authorization: {credentials: rvk_…}` in its scrape config.)
struct MetricsRoute {
    let vault: Vault
    let metrics: APIMetrics

    func add(to group: RouterGroup<APIContext>) {
        group.get("") { _, context in
            try context.requireOperator()
            let (open, _) = vault.openStores
            metrics.openStores(open)
            metrics.poolEvictions(vault.openStores.evictions)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
    }
}
