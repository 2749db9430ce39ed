import Foundation
import RAGVault

/// `ragvault bench search`: RAGVault search (ACL in the index, scoped BM25, redacted passages
/// with snippets and highlights) against plain FTS5 asked the same question over the same
/// rows: the corpus spread over tenants, one shared FTS5 table with a tenant token (the way a
/// single-index engine scopes a tenant), the same OR query and k, ids only and fetching the
/// text. Also a breakdown: what each returned passage costs (slope from k=1 to k=20) and what
/// a search costs when nothing matches. All sides interleaved in one run.
public enum SearchBenchmark {
    public struct Side: Encodable, Sendable {
        public var p50Micros: Double
        public var p99Micros: Double
        init(_ samples: [Double]) {
            let p = Percentiles(samples)
            p50Micros = p.p50 * 1e6
            p99Micros = p.p99 * 1e6
        }
    }

    public struct Report: Encodable, Sendable {
        public var documents: Int
        public var chunks: Int
        public var tenants: Int
        public var queries: Int
        public var topK: Int
        /// Plain FTS5, tenant token in the MATCH, rowids only.
        public var baselineIDs: Side
        /// The same, also reading title, heading and body of each hit.
        public var baselineText: Side
        /// RAGVault, a principal who may read the whole tenant (the baseline's rows).
        public var ragvault: Side
        /// RAGVault, a principal who may read ≈1 % of the tenant.
        public var narrow: Side
        /// Median over queries of (time at k=20 − time at k=1) / (passages added), µs.
        public var perPassageMicros: Double
        /// The same with nothing remembered from earlier searches (every body scanned).
        public var perPassageColdMicros: Double
        public var baselinePerPassageMicros: Double
        /// A query whose words occur nowhere: p50, µs.
        public var fixedMicros: Double
        public var baselineFixedMicros: Double
        public var longQueries: Int
        public var longBaseline: Side
        public var longRagvault: Side
        /// Median over searches of the share of each one's time spent redacting.
        public var redactionShareP50: Double

        public var p50OverText: Double { ragvault.p50Micros / baselineText.p50Micros }
        public var p99OverText: Double { ragvault.p99Micros / baselineText.p99Micros }
        public var p50OverIDs: Double { ragvault.p50Micros / baselineIDs.p50Micros }
        public var narrowOverBroad: Double { narrow.p50Micros / ragvault.p50Micros }
    }

    public static func run(corpus: BenchCorpus, queryCount: Int = 200, topK: Int = 10, tenants: Int = 20) throws -> Report {
        let work = NSTemporaryDirectory() + "ragvault-bench-search-" + Sodium.randomHex(4)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let vault = try Vault.initialize(at: work + "/data", keySource: .generatedKeyFile)
        vault.auditDisabled = true // the retrieval engine alone; `bench audit` measures the trail
        defer { vault.close() }
        // Realistic ACL mix: 10 roles, each document allowed to 1–3 of them; ≈1 % also to role:narrow.
        var random = SplitMix64(seed: 3)
        let roles = (0..<10).map { "role:r\($0)" }
        var documents = corpus.documents
        for i in documents.indices {
            var allow = Set<String>()
            for _ in 0..<(1 + Int(random.next() % 3)) { allow.insert(roles[Int(random.next() % 10)]) }
            if random.next() % 100 == 0 { allow.insert("role:narrow") }
            documents[i].acl = AccessList(allow: allow.sorted())
        }
        let names = (0..<tenants).map { String(format: "t%02d", $0) }
        var byTenant: [[DocumentRecord]] = Array(repeating: [], count: tenants)
        for (i, document) in documents.enumerated() { byTenant[i % tenants].append(document) }
        var chunks = 0
        for (name, docs) in zip(names, byTenant) {
            try vault.createTenant(name)
            let store = try vault.store(for: name)
            for group in stride(from: 0, to: docs.count, by: 200).map({ Array(docs[$0..<min($0 + 200, docs.count)]) }) {
                try store.putDocuments(group)
            }
            try store.optimize()
            try store.checkpoint()
            chunks += try store.chunkCount()
        }
        // Baseline: one plain FTS5 table for all tenants, a tenant token per row, plain VFS.
        let plain = try StoreOpener.openPlain(path: work + "/plain.db", label: "baseline")
        defer { plain.close() }
        try plain.execute(
            "CREATE VIRTUAL TABLE chunks_fts USING fts5(title, heading, body, tenant, tokenize = 'porter unicode61 remove_diacritics 2')")
        try plain.transaction {
            for (name, docs) in zip(names, byTenant) {
                for doc in docs {
                    for chunk in doc.chunks {
                        try plain.run(
                            "INSERT INTO chunks_fts(title, heading, body, tenant) VALUES (?, ?, ?, ?)",
                            [.text(doc.title), .text(chunk.headingPath.joined(separator: " › ")), .text(chunk.text), .text(name)])
                    }
                }
            }
        }
        try plain.run("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')")

        let compiler = QueryCompiler()
        // Words the compiler drops (stopwords) can leave nothing to search: skip those queries.
        let queries = makeQueries(corpus.vocabulary, count: queryCount).filter { (try? compiler.compile($0)) != nil }
        let retriever = Retriever(vault: vault)
        let broadRoles = roles.map { String($0.dropFirst(5)) }
        // Made once, as a server has its principal from the authenticated key's memo: the
        // name checks of making one are not a search's cost.
        var principals: [[String]: Principal] = [:]
        for name in names {
            for roles in [broadRoles, ["narrow"]] {
                principals[[name] + roles] = try Principal.impersonating(tenant: name, subject: "bench", roles: roles)
            }
        }
        func principal(_ tenant: String, _ roles: [String]) throws -> Principal {
            if let made = principals[[tenant] + roles] { return made }
            return try Principal.impersonating(tenant: tenant, subject: "bench", roles: roles)
        }
        func baseline(_ q: String, tenant: String, k: Int, text: Bool) throws -> Int {
            let expression = try compiler.compile(q).expression.fts
            let columns = text ? "rowid, title, heading, body" : "rowid"
            return try plain.query(
                "SELECT \(columns) FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts, 3.0, 2.0, 1.0, 0.0) LIMIT ?",
                [.text("(\(expression)) AND tenant : \(tenant)"), .integer(Int64(k))]
            ).count
        }
        func ours(_ q: String, tenant: String, k: Int, roles: [String] = broadRoles) throws -> SearchResult {
            try retriever.search(SearchRequest(query: q, topK: k), as: try principal(tenant, roles))
        }
        // Warm-up: page caches, statements and per-principal statistics, as in a running server.
        for (i, q) in queries.prefix(60).enumerated() {
            let tenant = names[i % tenants]
            _ = try baseline(q, tenant: tenant, k: topK, text: true)
            _ = try ours(q, tenant: tenant, k: topK)
            _ = try ours(q, tenant: tenant, k: topK, roles: ["narrow"])
        }
        for name in names { _ = try ours("zzqxjv", tenant: name, k: topK) }

        var ids: [Double] = [], text: [Double] = [], broad: [Double] = [], thin: [Double] = [], shares: [Double] = []
        var slopes: [Double] = [], coldSlopes: [Double] = [], baseSlopes: [Double] = [], fixed: [Double] = [], baseFixed: [Double] = []
        let absent = "zzqxjv" // occurs in no kernel document and in no synthetic one
        for (i, q) in queries.enumerated() {
            let tenant = names[i % tenants]
            var one = 0.0, twenty = 0.0, n1 = 0, n20 = 0, coldOne = 0.0, coldTwenty = 0.0, c1 = 0, c20 = 0, b1 = 0.0, b20 = 0.0, bn1 = 0, bn20 = 0
            let steps: [() throws -> Void] = [
                { ids.append(try Stopwatch.time { _ = try baseline(q, tenant: tenant, k: topK, text: false) }) },
                { text.append(try Stopwatch.time { _ = try baseline(q, tenant: tenant, k: topK, text: true) }) },
                {
                    var result: SearchResult?
                    broad.append(try Stopwatch.time { result = try ours(q, tenant: tenant, k: topK) })
                    if let result, result.tookMs > 0 { shares.append(result.redactionMs / result.tookMs) }
                },
                { thin.append(try Stopwatch.time { _ = try ours(q, tenant: tenant, k: topK, roles: ["narrow"]) }) },
                // Warm: the same search twice untimed first, so every chunk's tokens (kept
                // from a chunk's second read) and pages are at hand (the cold steps below empty
                // the caches in between).
                {
                    for _ in 0..<2 { _ = try ours(q, tenant: tenant, k: 20) }
                    one = try Stopwatch.time { n1 = try ours(q, tenant: tenant, k: 1).results.count }
                },
                {
                    for _ in 0..<2 { _ = try ours(q, tenant: tenant, k: 20) }
                    twenty = try Stopwatch.time { n20 = try ours(q, tenant: tenant, k: 20).results.count }
                },
                {
                    retriever.detections.removeAll()
                    retriever.tokens.removeAll()
                    retriever.fieldDetections.removeAll()
                    coldOne = try Stopwatch.time { c1 = try ours(q, tenant: tenant, k: 1).results.count }
                },
                {
                    retriever.detections.removeAll()
                    retriever.tokens.removeAll()
                    retriever.fieldDetections.removeAll()
                    coldTwenty = try Stopwatch.time { c20 = try ours(q, tenant: tenant, k: 20).results.count }
                },
                {
                    _ = try baseline(q, tenant: tenant, k: 20, text: true)
                    b1 = try Stopwatch.time { bn1 = try baseline(q, tenant: tenant, k: 1, text: true) }
                },
                {
                    _ = try baseline(q, tenant: tenant, k: 20, text: true)
                    b20 = try Stopwatch.time { bn20 = try baseline(q, tenant: tenant, k: 20, text: true) }
                },
                { fixed.append(try Stopwatch.time { _ = try ours(absent, tenant: tenant, k: topK) }) },
                { baseFixed.append(try Stopwatch.time { _ = try baseline(absent, tenant: tenant, k: topK, text: true) }) }
            ]
            for k in 0..<steps.count { try steps[(k + i) % steps.count]() } // rotate the order
            if n20 > n1 { slopes.append((twenty - one) / Double(n20 - n1)) }
            if c20 > c1 { coldSlopes.append((coldTwenty - coldOne) / Double(c20 - c1)) }
            if bn20 > bn1 { baseSlopes.append((b20 - b1) / Double(bn20 - bn1)) }
        }
        // Long questions: 32 words each, a few common ones among them, as assistants send.
        var longBase: [Double] = [], longOurs: [Double] = []
        let longQueries = (0..<max(20, queryCount / 5)).map { _ in
            (0..<32).map { _ in corpus.vocabulary[Int(random.next() % UInt64(corpus.vocabulary.count))] }.joined(separator: " ")
        }.filter { (try? compiler.compile($0)) != nil }
        for (i, q) in longQueries.enumerated() {
            let tenant = names[i % tenants]
            let steps: [() throws -> Void] = [
                { longBase.append(try Stopwatch.time { _ = try baseline(q, tenant: tenant, k: topK, text: true) }) },
                { longOurs.append(try Stopwatch.time { _ = try ours(q, tenant: tenant, k: topK) }) }
            ]
            for k in 0..<2 { try steps[(k + i) % 2]() }
        }
        return Report(
            documents: documents.count, chunks: chunks, tenants: tenants, queries: queries.count, topK: topK,
            baselineIDs: Side(ids), baselineText: Side(text), ragvault: Side(broad), narrow: Side(thin),
            perPassageMicros: Percentiles(slopes).p50 * 1e6, perPassageColdMicros: Percentiles(coldSlopes).p50 * 1e6,
            baselinePerPassageMicros: Percentiles(baseSlopes).p50 * 1e6,
            fixedMicros: Percentiles(fixed).p50 * 1e6, baselineFixedMicros: Percentiles(baseFixed).p50 * 1e6,
            longQueries: longQueries.count, longBaseline: Side(longBase), longRagvault: Side(longOurs),
            redactionShareP50: Percentiles(shares).p50)
    }

    /// Single rare and common terms, multi-term and phrase queries, as user text.
    static func makeQueries(_ vocabulary: [String], count: Int) -> [String] {
        StorageBenchmark.makeQueries(vocabulary, count: count).map {
            $0.replacingOccurrences(of: "\" AND \"", with: " ").replacingOccurrences(of: "\"", with: $0.contains(" AND ") ? "" : "\"")
        }.map { q in q.hasPrefix("\"") && !q.dropFirst().contains(" ") ? String(q.dropFirst().dropLast()) : q }
    }
}
