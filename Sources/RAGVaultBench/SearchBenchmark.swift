import Foundation
import RAGVault

/// `ragvault bench search`: RAGVault search latency (ACL in the index, scoped BM25, redacted
/// passages with snippets) against plain FTS5 `bm25()` top-k over the same chunks through the
/// plain VFS with no ACL, in the same run, interleaved.
public enum SearchBenchmark {
    public struct Report: Encodable, Sendable {
        public var documents: Int
        public var chunks: Int
        public var queries: Int
        public var baselineP50Micros: Double
        public var baselineP99Micros: Double
        public var broadP50Micros: Double
        public var broadP99Micros: Double
        public var narrowP50Micros: Double
        public var narrowP99Micros: Double
        /// Median over broad searches of the share of each request's time spent redacting.
        public var redactionShareP50: Double
        /// Questions of 32 words (natural mode), against plain FTS5 doing the same OR query.
        public var longQueries: Int
        public var longBaselineP50Micros: Double
        public var longBaselineP99Micros: Double
        public var longP50Micros: Double
        public var longP99Micros: Double
        public var longP50Ratio: Double { longP50Micros / longBaselineP50Micros }
        public var longP99Ratio: Double { longP99Micros / longBaselineP99Micros }
        public var p50Ratio: Double { broadP50Micros / baselineP50Micros }
        public var p99Ratio: Double { broadP99Micros / baselineP99Micros }
        public var narrowOverBroadP50: Double { narrowP50Micros / broadP50Micros }

        enum CodingKeys: String, CodingKey {
            case documents, chunks, queries, baselineP50Micros, baselineP99Micros, broadP50Micros, broadP99Micros
            case narrowP50Micros, narrowP99Micros, p50Ratio, p99Ratio, narrowOverBroadP50, redactionShareP50
            case longQueries, longBaselineP50Micros, longBaselineP99Micros, longP50Micros, longP99Micros, longP50Ratio, longP99Ratio
        }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(documents, forKey: .documents); try c.encode(chunks, forKey: .chunks); try c.encode(queries, forKey: .queries)
            try c.encode(baselineP50Micros, forKey: .baselineP50Micros); try c.encode(baselineP99Micros, forKey: .baselineP99Micros)
            try c.encode(broadP50Micros, forKey: .broadP50Micros); try c.encode(broadP99Micros, forKey: .broadP99Micros)
            try c.encode(narrowP50Micros, forKey: .narrowP50Micros); try c.encode(narrowP99Micros, forKey: .narrowP99Micros)
            try c.encode(p50Ratio, forKey: .p50Ratio)
            try c.encode(p99Ratio, forKey: .p99Ratio); try c.encode(narrowOverBroadP50, forKey: .narrowOverBroadP50)
            try c.encode(redactionShareP50, forKey: .redactionShareP50)
            try c.encode(longQueries, forKey: .longQueries)
            try c.encode(longBaselineP50Micros, forKey: .longBaselineP50Micros); try c.encode(longBaselineP99Micros, forKey: .longBaselineP99Micros)
            try c.encode(longP50Micros, forKey: .longP50Micros); try c.encode(longP99Micros, forKey: .longP99Micros)
            try c.encode(longP50Ratio, forKey: .longP50Ratio); try c.encode(longP99Ratio, forKey: .longP99Ratio)
        }
    }

    public static func run(corpus: BenchCorpus, queryCount: Int = 300, topK: Int = 8) throws -> Report {
        let work = NSTemporaryDirectory() + "ragvault-bench-search-" + Sodium.randomHex(4)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let vault = try Vault.initialize(at: work + "/data", keySource: .generatedKeyFile)
        vault.auditDisabled = true // the retrieval engine alone; `bench audit` measures the trail
        defer { vault.close() }
        try vault.createTenant("bench")
        let store = try vault.store(for: "bench")
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
        for group in stride(from: 0, to: documents.count, by: 200).map({ Array(documents[$0..<min($0 + 200, documents.count)]) }) {
            try store.putDocuments(group)
        }
        try store.optimize()
        try store.checkpoint()
        // Baseline: the same chunks in a plain FTS5 table, no ACL, plain VFS.
        let plain = try StoreOpener.openPlain(path: work + "/plain.db", label: "baseline")
        defer { plain.close() }
        try plain.execute("CREATE VIRTUAL TABLE chunks_fts USING fts5(title, heading, body, tokenize = 'porter unicode61 remove_diacritics 2')")
        try plain.transaction {
            for doc in documents {
                for chunk in doc.chunks {
                    try plain.run(
                        "INSERT INTO chunks_fts(title, heading, body) VALUES (?, ?, ?)",
                        [.text(doc.title), .text(chunk.headingPath.joined(separator: " › ")), .text(chunk.text)])
                }
            }
        }
        try plain.run("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')")

        let compiler = QueryCompiler()
        // Words the compiler drops (stopwords) can leave nothing to search: skip those queries.
        let queries = makeQueries(corpus.vocabulary, count: queryCount).filter { (try? compiler.compile($0)) != nil }
        let retriever = Retriever(vault: vault)
        let broad = try Principal.impersonating(tenant: "bench", subject: "bench", roles: roles.map { String($0.dropFirst(5)) })
        let narrow = try Principal.impersonating(tenant: "bench", subject: "bench", roles: ["narrow"])
        func baselineQuery(_ q: String) throws {
            let expression = try compiler.compile(q).expression
            _ = try plain.query(
                "SELECT rowid, bm25(chunks_fts, 3.0, 2.0, 1.0), body FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts, 3.0, 2.0, 1.0) LIMIT ?",
                [.text(expression), .integer(Int64(topK))])
        }
        // Warm-up: page caches and per-principal statistics, as in a running server.
        for q in queries.prefix(30) {
            try baselineQuery(q)
            _ = try retriever.search(SearchRequest(query: q, topK: topK), as: broad)
            _ = try retriever.search(SearchRequest(query: q, topK: topK), as: narrow)
        }
        var base: [Double] = [], wide: [Double] = [], thin: [Double] = [], redactionShares: [Double] = []
        for (i, q) in queries.enumerated() {
            let request = SearchRequest(query: q, topK: topK)
            let steps: [() throws -> Void] = [
                { base.append(try Stopwatch.time { try baselineQuery(q) }) },
                {
                    var result: SearchResult?
                    wide.append(try Stopwatch.time { result = try retriever.search(request, as: broad) })
                    if let result, result.tookMs > 0 { redactionShares.append(result.redactionMs / result.tookMs) }
                },
                { thin.append(try Stopwatch.time { _ = try retriever.search(request, as: narrow) }) }
            ]
            for k in 0..<steps.count { try steps[(k + i) % steps.count]() } // rotate the order
        }
        // Long questions: 32 words each, a few common ones among them, as assistants send.
        var longBase: [Double] = [], longOurs: [Double] = []
        let longQueries = (0..<max(20, queryCount / 5)).map { _ in
            (0..<32).map { _ in corpus.vocabulary[Int(random.next() % UInt64(corpus.vocabulary.count))] }.joined(separator: " ")
        }.filter { (try? compiler.compile($0)) != nil }
        for (i, q) in longQueries.enumerated() {
            let steps: [() throws -> Void] = [
                { longBase.append(try Stopwatch.time { try baselineQuery(q) }) },
                { longOurs.append(try Stopwatch.time { _ = try retriever.search(SearchRequest(query: q, topK: topK), as: broad) }) }
            ]
            for k in 0..<2 { try steps[(k + i) % 2]() }
        }
        let b = Percentiles(base), w = Percentiles(wide), n = Percentiles(thin), lb = Percentiles(longBase), lo = Percentiles(longOurs)
        return Report(
            documents: documents.count, chunks: try store.chunkCount(), queries: queries.count,
            baselineP50Micros: b.p50 * 1e6, baselineP99Micros: b.p99 * 1e6, broadP50Micros: w.p50 * 1e6,
            broadP99Micros: w.p99 * 1e6, narrowP50Micros: n.p50 * 1e6, narrowP99Micros: n.p99 * 1e6,
            redactionShareP50: Percentiles(redactionShares).p50, longQueries: longQueries.count,
            longBaselineP50Micros: lb.p50 * 1e6, longBaselineP99Micros: lb.p99 * 1e6,
            longP50Micros: lo.p50 * 1e6, longP99Micros: lo.p99 * 1e6)
    }

    /// Single rare and common terms, multi-term and phrase queries, as user text.
    static func makeQueries(_ vocabulary: [String], count: Int) -> [String] {
        StorageBenchmark.makeQueries(vocabulary, count: count).map {
            $0.replacingOccurrences(of: "\" AND \"", with: " ").replacingOccurrences(of: "\"", with: $0.contains(" AND ") ? "" : "\"")
        }.map { q in q.hasPrefix("\"") && !q.dropFirst().contains(" ") ? String(q.dropFirst().dropLast()) : q }
    }
}
