import Foundation
import Hummingbird
import RAGVault

/// `POST /v1/search` and `GET /v1/chunks/{chunk_id}`: reading, through the key's `TenantAccess`.
struct SearchRoutes {
    let retriever: Retriever
    let work: BlockingWork
    let metrics: APIMetrics
    let timeout: Double

    func add(to group: RouterGroup<APIContext>) {
        group.post("search") { request, context in
            let access = try context.access(retriever)
            let search = try await JSONBody.decode(SearchRequest.self, from: request, limit: 64 << 10)
            let result = try await work.run(timeout: timeout) { try access.search(search) }
            var counts: [String: Int] = [:]
            for passage in result.results { counts.merge(passage.redactions, uniquingKeysWith: +) }
            metrics.redactions(counts)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: SearchResultJSON.encode(result)))
        }
        group.get("chunks/{chunk_id}") { _, context in
            let access = try context.access(retriever)
            let id = try context.pathParameter("chunk_id")
            let chunk = try await work.run(timeout: timeout) { try access.chunk(id) }
            metrics.redactions(chunk.redactions)
            return try JSONBody.response(chunk)
        }
    }
}
