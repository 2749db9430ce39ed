import Foundation
import RAGVault

/// A relevance-judged collection in the BEIR layout: `corpus.jsonl` (`_id`, `title`, `text`),
/// `queries.jsonl` (`_id`, `text`) and `qrels.tsv` (`query-id`, `corpus-id`, `score`, with a
/// header line). Only judged queries are kept; grades ≤ 0 count as not relevant.
public struct BEIRCollection: Sendable {
    public struct Document: Sendable {
        public var id: String
        public var title: String
        public var text: String
    }

    public var documents: [Document]
    /// Query id → text, for queries with at least one relevant document.
    public var queries: [(id: String, text: String)]
    /// Query id → document id → grade (> 0).
    public var judgements: [String: [String: Double]]

    public static func load(directory: String) throws -> BEIRCollection {
        func lines(_ name: String) throws -> [Substring] {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RAGVaultError(.invalidInput, "\(path) is missing: a BEIR collection has corpus.jsonl, queries.jsonl and qrels.tsv")
            }
            return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        }
        func object(_ line: Substring, _ file: String, _ number: Int) throws -> [String: Any] {
            guard let value = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], value["_id"] != nil else {
                throw RAGVaultError(.invalidInput, "\(file) line \(number): not a JSON object with an _id")
            }
            return value
        }
        func id(_ value: Any?) -> String { (value as? String) ?? (value.map { "\($0)" } ?? "") }

        var documents: [Document] = []
        for (n, line) in try lines("corpus.jsonl").enumerated() {
            let o = try object(line, "corpus.jsonl", n + 1)
            documents.append(Document(id: id(o["_id"]), title: o["title"] as? String ?? "", text: o["text"] as? String ?? ""))
        }
        var judgements: [String: [String: Double]] = [:]
        for (n, line) in try lines("qrels.tsv").enumerated() where n > 0 || !line.hasPrefix("query") {
            let fields = line.split(separator: "\t")
            guard fields.count >= 3, let grade = Double(fields[2]) else {
                throw RAGVaultError(.invalidInput, "qrels.tsv line \(n + 1): expected query-id, corpus-id and score separated by tabs")
            }
            if grade > 0 { judgements[String(fields[0]), default: [:]][String(fields[1])] = grade }
        }
        var queries: [(id: String, text: String)] = []
        for (n, line) in try lines("queries.jsonl").enumerated() {
            let o = try object(line, "queries.jsonl", n + 1)
            let qid = id(o["_id"])
            if judgements[qid] != nil { queries.append((qid, o["text"] as? String ?? "")) }
        }
        return BEIRCollection(documents: documents, queries: queries, judgements: judgements)
    }
}

/// Ranking quality of one ranked list of document ids against graded judgements.
enum RankingMetrics {
    /// nDCG@k with linear gains (as trec_eval and BEIR compute it).
    static func ndcg(_ ranked: [String], _ judged: [String: Double], k: Int = 10) -> Double {
        func dcg(_ gains: [Double]) -> Double {
            gains.prefix(k).enumerated().reduce(0) { $0 + $1.element / log2(Double($1.offset) + 2) }
        }
        let ideal = dcg(judged.values.sorted(by: >))
        return ideal > 0 ? dcg(ranked.map { judged[$0] ?? 0 }) / ideal : 0
    }

    static func recall(_ ranked: [String], _ judged: [String: Double], k: Int = 100) -> Double {
        judged.isEmpty ? 0 : Double(ranked.prefix(k).filter { judged[$0] != nil }.count) / Double(judged.count)
    }

    static func reciprocalRank(_ ranked: [String], _ judged: [String: Double], k: Int = 10) -> Double {
        guard let first = ranked.prefix(k).firstIndex(where: { judged[$0] != nil }) else { return 0 }
        return 1 / Double(first + 1)
    }
}
