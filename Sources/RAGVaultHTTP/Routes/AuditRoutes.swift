import Foundation
import Hummingbird
import RAGVault

/// `GET /v1/audit`: the tenant's audit log for its admins, oldest first, in pages
/// (`since`, `until`, `after`, `limit`), the same records `ragvault audit export` writes.
struct AuditRoutes {
    let retriever: Retriever
    let work: BlockingWork

    static let maxLimit = 1000

    func add(to group: RouterGroup<APIContext>) {
        group.get("audit") { request, context in
            let access = try context.access(retriever)
            let filter = try Self.filter(request.uri.queryParameters)
            return try JSONBody.response(try await work.run { try access.auditRecords(filter: filter) })
        }
    }

    static func filter(_ query: Parameters) throws -> AuditFilter {
        let known: Set<String> = ["since", "until", "after", "limit"]
        if let unknown = query.first(where: { !known.contains(String($0.key)) }) {
            throw APIError.invalid("unknown_parameter", "unknown query parameter '\(String(unknown.key).prefix(40))'; use since, until, after, limit")
        }
        func date(_ name: String) throws -> Date? {
            guard let text = query.get(name) else { return nil }
            if let full = try? Date(text, strategy: .iso8601) { return full }
            if text.count == 10, let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return day }
            throw APIError.invalid("invalid_parameter", "'\(name)' must be an ISO 8601 date or date-time")
        }
        func integer(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = query.get(name) else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw APIError.invalid("invalid_parameter", "'\(name)' must be an integer in \(range.lowerBound)…\(range.upperBound)")
            }
            return value
        }
        return AuditFilter(
            since: try date("since"), until: try date("until"), after: try integer("after", 0...Int(Int32.max)),
            limit: try integer("limit", 1...maxLimit) ?? 100)
    }
}
