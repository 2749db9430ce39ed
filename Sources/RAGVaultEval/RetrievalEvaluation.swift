import Foundation
import RAGVault

/// `ragvault eval retrieval`: ranking quality on a judged BEIR collection, through the product.
///
/// The corpus is indexed into a throw-away encrypted tenant with the real pipeline; every query
/// runs as a full-access principal through the `Retriever` (nDCG@10, Recall@100 over 100
/// documents, MRR@10, and the latency of a whole top-10 search with its passages), next to
/// plain FTS5 `bm25()` over the same words ORed (top 10 with their text), in the same run. With an
/// ACL split, each document gets one of N roles and every query is also run as a principal
/// holding k of them, whose ranking must equal that of a tenant holding only the permitted
/// documents (scoped statistics, exact top-k).
public enum RetrievalEvaluation {
    public struct Scores: Encodable, Sendable {
        public var ndcgAt10: Double
        public var recallAt100: Double
        public var mrrAt10: Double
        public var latencyP50Ms: Double
        public var latencyP99Ms: Double
        enum CodingKeys: String, CodingKey {
            case ndcgAt10 = "ndcg@10", recallAt100 = "recall@100", mrrAt10 = "mrr@10"
            case latencyP50Ms = "latency_p50_ms", latencyP99Ms = "latency_p99_ms"
        }
    }

    public struct ACLSplit: Encodable, Sendable {
        public var roles: Int
        public var queriesChecked: Int
        public var mismatches: Int
        /// The first few differing queries, for investigation.
        public var examples: [String]
    }

    public struct Report: Encodable, Sendable {
        public var documents: Int
        public var chunks: Int
        public var queries: Int
        public var match: MatchMode
        public var queriesWithoutResults: Int
        public var ragvault: Scores
        public var baseline: Scores
        public var aclSplit: ACLSplit?
    }

    public struct Options: Sendable {
        public var match: MatchMode = .natural
        public var aclSplit: Int = 0
        public var weights = Retriever.Weights()
        public var stopwords: [String]?
        public init() {}
    }

    public static func run(collection: BEIRCollection, options: Options = Options()) throws -> Report {
        let work = NSTemporaryDirectory() + "ragvault-eval-" + Sodium.randomHex(4)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let vault = try Vault.initialize(at: work + "/data", keySource: .generatedKeyFile)
        defer { vault.close() }
        let retriever = Retriever(vault: vault)
        retriever.weights = options.weights

        let roles = options.aclSplit > 1 ? (0..<options.aclSplit).map { "r\($0)" } : ["eval"]
        var random = SplitMix64(seed: 42)
        let roleOf = collection.documents.map { _ in Int(random.next() % UInt64(roles.count)) }
        let main = try index(collection, roleOf: roleOf, roles: roles, keep: { _ in true }, tenant: "eval", vault: vault, options: options)

        // Baseline: the same documents in plain FTS5 (plain VFS, no ACL), the query's words ORed.
        let plain = try StoreOpener.openPlain(path: work + "/baseline.db", label: "baseline")
        defer { plain.close() }
        try plain.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2')")
        try plain.transaction {
            for document in collection.documents {
                try plain.run("INSERT INTO docs(title, body) VALUES (?, ?)", [.text(document.title), .text(document.text)])
            }
        }

        let everyone = try Principal.impersonating(tenant: "eval", subject: "evaluator", roles: roles)
        var ours: [(ranked: [String], seconds: Double)] = [], theirs: [(ranked: [String], seconds: Double)] = []
        var empty = 0
        for (i, query) in collection.queries.enumerated() {
            // Interleaved, alternating which side goes first.
            // Quality from the top 100 documents; latency from what a caller waits for: the
            // top 10 with their passages (ours: redacted, highlighted, snippets cut; theirs:
            // each row's text read).
            let steps: [() throws -> Void] = [
                {
                    let ranked = try main.rankedDocuments(query.text, as: everyone, retriever: retriever, match: options.match)
                    if ranked.isEmpty { empty += 1 }
                    let seconds = try Stopwatch.time { try main.answer(query.text, as: everyone, retriever: retriever, match: options.match) }
                    ours.append((ranked, seconds))
                },
                {
                    let ranked = try baseline(query.text, plain: plain, documents: collection.documents, limit: 100)
                    let seconds = try Stopwatch.time { try baselineAnswer(query.text, plain: plain) }
                    theirs.append((ranked, seconds))
                }
            ]
            for k in 0..<2 { try steps[(k + i) % 2]() }
        }
        func scores(_ runs: [(ranked: [String], seconds: Double)]) -> Scores {
            var ndcg = 0.0, recall = 0.0, mrr = 0.0
            for (run, query) in zip(runs, collection.queries) {
                let judged = collection.judgements[query.id] ?? [:]
                ndcg += RankingMetrics.ndcg(run.ranked, judged)
                recall += RankingMetrics.recall(run.ranked, judged)
                mrr += RankingMetrics.reciprocalRank(run.ranked, judged)
            }
            let n = Double(max(runs.count, 1))
            let latency = Percentiles(runs.map(\.seconds))
            return Scores(
                ndcgAt10: ndcg / n, recallAt100: recall / n, mrrAt10: mrr / n,
                latencyP50Ms: latency.p50 * 1000, latencyP99Ms: latency.p99 * 1000)
        }

        var split: ACLSplit?
        if options.aclSplit > 1 {
            split = try checkSplit(collection, roleOf: roleOf, roles: roles, main: main, vault: vault, retriever: retriever, options: options)
        }
        return Report(
            documents: collection.documents.count, chunks: try main.store.chunkCount(), queries: collection.queries.count,
            match: options.match, queriesWithoutResults: empty, ragvault: scores(ours), baseline: scores(theirs), aclSplit: split)
    }

    /// A tenant indexed for the evaluation, with its chunk → document map.
    struct Indexed {
        let tenant: String
        let store: TenantStore
        let documentOf: [Int64: String]

        /// Ranked chunk hits (up to 100) as (document, chunk offset, score).
        func hits(_ query: String, as principal: Principal, retriever: Retriever, match: MatchMode) throws -> [(String, Double)] {
            let request = SearchRequest(query: query, topK: 100, match: match)
            let prepared: Retriever.Prepared
            do {
                prepared = try retriever.prepare(request, as: principal)
            } catch let error as RAGVaultError where error.code == .queryInvalid {
                return [] // nothing searchable left (all stopwords)
            }
            return try retriever.rank(prepared, request: request, principal: principal).map { (documentOf[$0.chunkID] ?? "?", $0.score) }
        }

        /// A search as a caller makes it: the top 10 with their passages.
        func answer(_ query: String, as principal: Principal, retriever: Retriever, match: MatchMode) throws {
            do {
                _ = try retriever.search(SearchRequest(query: query, topK: 10, match: match), as: principal)
            } catch let error as RAGVaultError where error.code == .queryInvalid {
                // nothing searchable left (all stopwords): the time to say so still counts
            }
        }

        /// Documents in rank order, each once (at its best chunk).
        func rankedDocuments(_ query: String, as principal: Principal, retriever: Retriever, match: MatchMode) throws -> [String] {
            var seen = Set<String>()
            return try hits(query, as: principal, retriever: retriever, match: match).map(\.0).filter { seen.insert($0).inserted }
        }
    }

    /// (`vectors`: the tenant's vector configuration, set before indexing; `embedding`: each
    /// document's own vector, when the caller brings them.)
    static func index(
        _ collection: BEIRCollection, roleOf: [Int], roles: [String], keep: (Int) -> Bool, tenant: String,
        vault: Vault, options: Options, vectors: VectorConfig? = nil, embedding: (Int) -> [Float]? = { _ in nil }
    ) throws -> Indexed {
        try vault.createTenant(tenant)
        if let stopwords = options.stopwords { try vault.setSettings(TenantSettings(stopwords: stopwords), for: tenant) }
        if let vectors { try vault.setVectorConfig(vectors, for: tenant) }
        let indexer = try vault.indexer(for: tenant)
        var findings = DocumentPreparer.Findings()
        try indexer.store.batch {
            for (i, document) in collection.documents.enumerated() where keep(i) {
                let source = SourceDocument(
                    externalID: document.id, format: .text, bytes: Array(document.text.utf8),
                    title: document.title, acl: AccessList(allow: ["role:" + roles[roleOf[i]]]), embedding: embedding(i))
                if case .skipped(let code, let reason) = try indexer.index(source, findings: &findings) {
                    throw RAGVaultError(.invalidInput, "document '\(document.id)' was not indexed: \(reason) [\(code)]")
                }
            }
        }
        let store = try vault.store(for: tenant)
        let documentOf = try store.withConnection { db in
            Dictionary(
                uniqueKeysWithValues: try db.query("SELECT c.id, d.external_id FROM chunks c JOIN documents d ON d.id = c.document_id")
                    .map { ($0[0].int ?? 0, $0[1].string ?? "") })
        }
        return Indexed(tenant: tenant, store: store, documentOf: documentOf)
    }

    /// Plain FTS5: every word of the query quoted and ORed.
    static func baselineExpression(_ query: String) -> String? {
        var seen = Set<String>()
        let words = query.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { seen.insert($0).inserted }
        return words.isEmpty ? nil : words.map(QueryCompiler.quote).joined(separator: " OR ")
    }

    /// Plain FTS5's top `limit` documents by bm25().
    static func baseline(_ query: String, plain: Connection, documents: [BEIRCollection.Document], limit: Int) throws -> [String] {
        guard let expression = baselineExpression(query) else { return [] }
        return try plain.query("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", [.text(expression), .integer(Int64(limit))])
            .compactMap { row in row[0].int.flatMap { $0 >= 1 && Int($0) <= documents.count ? documents[Int($0) - 1].id : nil } }
    }

    /// Plain FTS5's top 10 with each row's title and text read.
    static func baselineAnswer(_ query: String, plain: Connection) throws {
        guard let expression = baselineExpression(query) else { return }
        let rows = try plain.query("SELECT title, body FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10", [.text(expression)])
        precondition(rows.allSatisfy { $0.count == 2 })
    }

    /// Each query as a principal holding roles r0…r(k-1) against a tenant holding only the
    /// documents of those roles: same documents, same order, same scores.
    static func checkSplit(
        _ collection: BEIRCollection, roleOf: [Int], roles: [String], main: Indexed, vault: Vault,
        retriever: Retriever, options: Options
    ) throws -> ACLSplit {
        var references: [Int: Indexed] = [:]
        var mismatches = 0
        var examples: [String] = []
        for (i, query) in collection.queries.enumerated() {
            let k = i % (roles.count - 1) + 1
            if references[k] == nil {
                references[k] = try index(
                    collection, roleOf: roleOf, roles: roles, keep: { roleOf[$0] < k }, tenant: "ref\(k)",
                    vault: vault, options: options)
            }
            let held = Array(roles.prefix(k))
            let scoped = try main.hits(
                query.text, as: try Principal.impersonating(tenant: main.tenant, subject: "evaluator", roles: held),
                retriever: retriever, match: options.match)
            let reference = try references[k]!.hits(
                query.text, as: try Principal.impersonating(tenant: references[k]!.tenant, subject: "evaluator", roles: held),
                retriever: retriever, match: options.match)
            let same = scoped.count == reference.count && zip(scoped, reference).allSatisfy { $0.0 == $1.0 && abs($0.1 - $1.1) <= 1e-9 * max(1, abs($1.1)) }
            if !same {
                mismatches += 1
                if examples.count < 5 { examples.append("query \(query.id) with \(k) role(s)") }
            }
        }
        return ACLSplit(roles: roles.count, queriesChecked: collection.queries.count, mismatches: mismatches, examples: examples)
    }
}
