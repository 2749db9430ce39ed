import Foundation
import Hummingbird
import RAGVault

/// `POST /v1/search`, `GET /v1/chunks/{chunk_id}` and `POST /v1/detokenise`: reading, through
/// the key's `TenantAccess`.
struct SearchRoutes {
    let retriever: Retriever
    let work: BlockingWork
    let metrics: APIMetrics
    let timeout: Double

    func add(to group: RouterGroup<APIContext>) {
        group.post("search") { request, context in
            let access = try context.access(retriever)
            let search = try await JSONBody.decode(SearchRequest.self, from: request, limit: 64 << 10)
            let result = try await access.search(search) { body in try await work.run(timeout: timeout, body) }
            var counts: [String: Int] = [:]
            for passage in result.results { counts.merge(passage.redactions, uniquingKeysWith: +) }
            metrics.redactions(counts)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: SearchResultJSON.encode(result)))
        }
        group.post("detokenise") { request, context in
            let access = try context.access(retriever)
            let body = try await JSONBody.decode(DetokeniseRequest.self, from: request, limit: Retriever.maxDetokeniseBytes + (64 << 10))
            return try JSONBody.response(try await work.run(timeout: timeout) { try access.detokenise(body.text) })
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

/// `POST /v1/detokenise`'s body.
struct DetokeniseRequest: Decodable, Sendable {
    let text: String

    init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, known: ["text"])
        text = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .text)
    }

    private enum CodingKeys: String, CodingKey { case text }
}
