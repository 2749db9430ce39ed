import Foundation

/// The one retrieval path: HTTP, MCP, CLI and library callers all search through here, as a
/// `Principal`.
///
/// The ACL is part of the FTS5 MATCH expression — `(<query>) AND (allow:(…) NOT deny:(…))` —
/// so ranking only ever sees permitted chunks and the result is exactly the top-k of the
/// permitted set. Scores use BM25 with statistics of the permitted set only (`vault_bm25`),
/// and every text field leaves through the Redactor.
///
/// ```swift
/// let retriever = Retriever(vault: vault)
/// let alice = try Principal.impersonating(tenant: "acme", subject: "alice", roles: ["eng"])
/// let result = try retriever.search(SearchRequest(query: "rotate the signing key"), as: alice)
/// ```
public final class Retriever: @unchecked Sendable {
    public let vault: Vault
    let compiler = QueryCompiler()
    let statistics = ScopeStatisticsCache()
    /// Benchmarks only (`bench search` isolates the redactor's cost); never off in a server.
    var redactionEnabled = true
    /// Column weights: title and heading matches count more than body matches.
    static let weights = (title: 3.0, heading: 2.0, body: 1.0)

    public init(vault: Vault) {
        self.vault = vault
    }

    public func search(_ request: SearchRequest, as principal: Principal) throws -> SearchResult {
        let started = DispatchTime.now().uptimeNanoseconds
        guard principal.scopes.contains("search") else {
            throw RAGVaultError(.forbidden, "the credential may not search (missing scope 'search')")
        }
        try request.validate()
        let compiled = try compiler.compile(request.query)
        let acl = try Self.aclExpression(principal)
        let store = try vault.store(for: principal.tenant)
        let hits = try rank(compiled, acl: acl, request: request, principal: principal, store: store)
        let (redactor, policy) = try vault.redaction(for: principal.tenant)
        let passages = try PassageBuilder(redactor: redactor, policy: policy, roles: principal.exemptionNames, enabled: redactionEnabled)
            .passages(for: hits, compiled: compiled, acl: acl, request: request, store: store)
        let tookMs = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        return SearchResult(results: passages, tookMs: (tookMs * 1000).rounded() / 1000)
    }

    /// `allow:(…) NOT deny:(…)` over the principal's opaque ACL tokens.
    static func aclExpression(_ principal: Principal) throws -> String {
        let tokens = try principal.aclPrincipals().map { QueryCompiler.quote(AccessList.token(for: $0)) }.joined(separator: " OR ")
        return "((allow : (\(tokens))) NOT (deny : (\(tokens))))"
    }

    /// A ranked hit before redaction: never encodable, never returned.
    struct Hit {
        let chunkID: Int64
        let score: Double
    }

    /// Exact top-k of the permitted set with scoped statistics.
    func rank(_ compiled: QueryCompiler.Compiled, acl: String, request: SearchRequest, principal: Principal,
              store: TenantStore) throws -> [Hit] {
        let stats = try scopeStatistics(principal: principal, acl: acl, store: store)
        guard stats.rows > 0 else { return [] }
        let dfs = try compiled.phrases.map { phrase -> Int in
            if phrase.excluded { return -1 }
            return try statistics.documentFrequency(stats, phrase: phrase.fts) {
                try store.withConnection {
                    Int(try $0.scalar("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?",
                                      [.text("({title heading body} : \(phrase.fts)) AND \(acl)")]).int ?? 0)
                }
            }
        }
        let (filterSQL, filterValues) = try Self.filters(request)
        let dfPlaceholders = dfs.map { _ in ", ?" }.joined()
        let sql = """
            SELECT rowid, vault_bm25(chunks_fts, ?, ?, ?, ?, ?\(dfPlaceholders)) AS score
            FROM chunks_fts WHERE chunks_fts MATCH ?\(filterSQL)
            ORDER BY score DESC, rowid ASC LIMIT ?
            """
        let w = Self.weights
        let values: [SQLValue] = [.integer(Int64(stats.rows)), .real(stats.averageLength), .real(w.title), .real(w.heading), .real(w.body)]
            + dfs.map { .integer(Int64($0)) } + [.text("(\(compiled.expression)) AND \(acl)")] + filterValues + [.integer(Int64(request.topK))]
        return try store.withConnection { db in
            try db.query(sql, values).map { Hit(chunkID: $0[0].int ?? 0, score: $0[1].double ?? 0) }
        }
    }

    func scopeStatistics(principal: Principal, acl: String, store: TenantStore) throws -> ScopeStatisticsCache.Entry {
        let key = ScopeStatisticsCache.Key(tenant: principal.tenant, acl: principal.aclSignature, generation: try store.generation())
        return try statistics.entry(key) {
            // FTS5 auxiliary functions cannot sit inside an aggregate: sum row by row.
            try store.withConnection { db in
                var rows = 0
                var total = 0.0
                try db.forEachRow("SELECT vault_doclen(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ?", [.text(acl)]) { s in
                    rows += 1
                    total += Double(s.value(at: 0).int ?? 0)
                }
                return ScopeStatisticsCache.Entry(rows: rows, averageLength: rows > 0 ? total / Double(rows) : 0)
            }
        }
    }

    /// Caller filters as a rowid restriction: they can only remove rows, never add any.
    static func filters(_ request: SearchRequest) throws -> (String, [SQLValue]) {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let ids = request.documentIDs {
            conditions.append("d.external_id IN (SELECT value FROM json_each(?))")
            values.append(.text(String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)))
        }
        for (key, value) in (request.metadata ?? [:]).sorted(by: { $0.key < $1.key }) {
            conditions.append("json_extract(d.metadata_json, ?) = ?")
            values.append(.text("$." + QueryCompiler.quote(key)))
            values.append(.text(value))
        }
        if let after = request.updatedAfter {
            guard (try? Date(after, strategy: .iso8601)) != nil else {
                throw RAGVaultError(.queryInvalid, "updated_after must be an ISO-8601 time such as 2026-01-31T00:00:00Z")
            }
            conditions.append("d.updated_at >= ?")
            values.append(.text(after))
        }
        guard !conditions.isEmpty else { return ("", []) }
        return (" AND rowid IN (SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE "
                + conditions.joined(separator: " AND ") + ")", values)
    }
}
