import Foundation
import RAGVault

/// `ragvault eval retrieval --embed | --vectors DIR`: BM25, vector and their fusions (RRF and
/// convex over a small grid of weights) on a judged collection, each query searched through
/// the product (`match: text | vector | hybrid`), with paired randomization p-values and
/// wins/losses against BM25, and optionally the fusion picked on one half of the queries and
/// reported on the other (`--tune-split`).
public enum HybridEvaluation {
    public struct Method: Encodable, Sendable {
        public var name: String
        public var ndcgAt10: Double
        public var mrrAt10: Double
        /// Queries this method ranks better / worse than BM25 (nDCG@10).
        public var wins: Int
        public var losses: Int
        /// Paired randomization test of the nDCG@10 difference against BM25 (two-sided).
        public var pValue: Double
    }

    public struct Split: Encodable, Sendable {
        /// The method with the best nDCG@10 on the tuning half.
        public var picked: String
        public var tunedOn: String
        public var ndcgHeldOut: Double
        public var bm25HeldOut: Double
        public var pValueHeldOut: Double
    }

    public struct Report: Encodable, Sendable {
        public var documents: Int
        public var chunks: Int
        public var queries: Int
        public var vectors: String
        public var indexSeconds: Double
        public var methods: [Method]
        public var tuneSplit: [Split]?
    }

    public struct Options: Sendable {
        /// A folder with `corpus.vectors.jsonl` and `queries.vectors.jsonl` (`{"_id", "embedding"}`);
        /// nil: the embedded model makes the vectors.
        public var vectorsDirectory: String?
        public var tuneSplit = false
        public init() {}
    }

    /// The fusions compared: RRF (k = 60) with the vector leg weighted 0.25–2, convex α 0.1–0.9.
    static let fusions: [(String, Fusion)] =
        [0.25, 0.5, 1, 2].map { ("rrf k=60 vector×\($0)", Fusion.rrf(k: 60, text: 1, vector: $0)) }
        + stride(from: 0.1, through: 0.9, by: 0.1).map { a in (String(format: "convex α=%.1f", a), Fusion.convex(alpha: (a * 10).rounded() / 10)) }

    public static func run(collection: BEIRCollection, options: Options = Options()) throws -> Report {
        let work = NSTemporaryDirectory() + "ragvault-eval-hybrid-" + Sodium.randomHex(4)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let vault = try Vault.initialize(at: work + "/data", keySource: .generatedKeyFile)
        vault.auditDisabled = true
        defer { vault.close() }
        let retriever = Retriever(vault: vault)

        let queryVectors: [[Float]]
        let config: VectorConfig
        var documentVectors: [String: [Float]] = [:]
        if let directory = options.vectorsDirectory {
            documentVectors = try vectors(directory + "/corpus.vectors.jsonl")
            let byQuery = try vectors(directory + "/queries.vectors.jsonl")
            queryVectors = try collection.queries.map { q in
                guard let v = byQuery[q.id] else { throw RAGVaultError(.invalidInput, "queries.vectors.jsonl has no vector for query \(q.id)") }
                return v
            }
            guard let dims = queryVectors.first?.count else { throw RAGVaultError(.invalidInput, "no judged queries") }
            config = VectorConfig(model: "files", dims: dims)
        } else {
            let encoder = try SentenceEncoder.loaded()
            queryVectors = collection.queries.map { encoder.embed($0.text) }
            config = .embedded
        }
        var indexed: RetrievalEvaluation.Indexed?
        let indexSeconds = try Stopwatch.time {
            indexed = try RetrievalEvaluation.index(
                collection, roleOf: collection.documents.map { _ in 0 }, roles: ["eval"], keep: { _ in true }, tenant: "eval",
                vault: vault, options: RetrievalEvaluation.Options(), vectors: config,
                embedding: { options.vectorsDirectory == nil ? nil : documentVectors[collection.documents[$0].id] })
        }
        let main = indexed!
        let everyone = try Principal.impersonating(tenant: "eval", subject: "evaluator", roles: ["eval"])

        func ranked(_ query: Int, _ mode: SearchMode, _ fusion: Fusion? = nil) throws -> [String] {
            let request = SearchRequest(
                query: collection.queries[query].text, topK: 10, mode: mode, vector: mode == .text ? nil : queryVectors[query], fusion: fusion)
            do {
                let prepared = try retriever.prepare(request, as: everyone)
                return try retriever.ranking(prepared, request: request, principal: everyone).hits.map { main.documentOf[$0.chunkID] ?? "?" }
            } catch let error as RAGVaultError where error.code == .queryInvalid {
                return [] // nothing searchable left in the text
            }
        }
        let methods: [(String, SearchMode, Fusion?)] = [("bm25", .text, nil), ("vector", .vector, nil)] + fusions.map { ($0.0, .hybrid, $0.1) }
        var ndcg: [[Double]] = [], mrr: [[Double]] = []
        for (_, mode, fusion) in methods {
            var n: [Double] = [], m: [Double] = []
            for (q, query) in collection.queries.enumerated() {
                let list = try ranked(q, mode, fusion)
                let judged = collection.judgements[query.id] ?? [:]
                n.append(RankingMetrics.ndcg(list, judged))
                m.append(RankingMetrics.reciprocalRank(list, judged))
            }
            ndcg.append(n)
            mrr.append(m)
        }
        let all = Array(collection.queries.indices)
        let results = methods.indices.map { i in
            Method(
                name: methods[i].0, ndcgAt10: mean(ndcg[i], all), mrrAt10: mean(mrr[i], all),
                wins: all.filter { ndcg[i][$0] > ndcg[0][$0] + 1e-12 }.count, losses: all.filter { ndcg[i][$0] < ndcg[0][$0] - 1e-12 }.count,
                pValue: i == 0 ? 1 : pairedPValue(ndcg[i], ndcg[0], all))
        }
        var split: [Split]?
        if options.tuneSplit {
            var random = SplitMix64(seed: 2026)
            let shuffled = all.shuffled(using: &random)
            let halves = [Array(shuffled.prefix(all.count / 2)), Array(shuffled.dropFirst(all.count / 2))]
            split = (0..<2).map { h in
                let (tune, held) = (halves[h], halves[1 - h])
                let candidates = methods.indices.filter { methods[$0].1 == .hybrid }
                let best = candidates.max { mean(ndcg[$0], tune) < mean(ndcg[$1], tune) }!
                return Split(
                    picked: methods[best].0, tunedOn: h == 0 ? "first half" : "second half", ndcgHeldOut: mean(ndcg[best], held),
                    bm25HeldOut: mean(ndcg[0], held), pValueHeldOut: pairedPValue(ndcg[best], ndcg[0], held))
            }
        }
        return Report(
            documents: collection.documents.count, chunks: try main.store.chunkCount(), queries: collection.queries.count,
            vectors: options.vectorsDirectory == nil ? SentenceEncoder.modelName + " (embedded)" : "files", indexSeconds: indexSeconds,
            methods: results, tuneSplit: split)
    }

    static func mean(_ values: [Double], _ of: [Int]) -> Double {
        of.isEmpty ? 0 : of.reduce(0) { $0 + values[$1] } / Double(of.count)
    }

    /// Two-sided paired randomization (sign-flip) test of mean(a − b) over `of`, 10,000
    /// flips, seeded: the same data always gives the same p.
    static func pairedPValue(_ a: [Double], _ b: [Double], _ of: [Int]) -> Double {
        let differences = of.map { a[$0] - b[$0] }
        let observed = abs(differences.reduce(0, +))
        var random = SplitMix64(seed: 7)
        var atLeast = 0
        let rounds = 10_000
        for _ in 0..<rounds {
            var sum = 0.0
            for d in differences { sum += random.next() & 1 == 0 ? d : -d }
            if abs(sum) >= observed - 1e-12 { atLeast += 1 }
        }
        return Double(atLeast + 1) / Double(rounds + 1)
    }

    /// `{"_id", "embedding"}` lines by id.
    static func vectors(_ path: String) throws -> [String: [Float]] {
        guard let data = FileManager.default.contents(atPath: path) else { throw RAGVaultError(.invalidInput, "\(path) is missing") }
        var out: [String: [Float]] = [:]
        for (n, line) in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).enumerated() {
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let id = o["_id"],
                let values = o["embedding"] as? [Double]
            else { throw RAGVaultError(.invalidInput, "\(path) line \(n + 1): expected {\"_id\", \"embedding\": [numbers]}") }
            out[(id as? String) ?? "\(id)"] = values.map(Float.init)
        }
        return out
    }
}
