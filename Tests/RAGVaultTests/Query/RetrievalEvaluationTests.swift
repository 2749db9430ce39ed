import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault
@testable import RAGVaultEval

/// `eval retrieval`: BEIR loading, metrics against hand-computed values, and the whole run on a
/// small collection of our own (ranking through the product, ACL split with zero mismatches).
@Suite struct RetrievalEvaluationTests {
    @Test func metricsMatchHandComputedValues() {
        let judged: [String: Double] = ["a": 3, "b": 1]
        // DCG = 1/log2(3) (b at rank 2) + 3/log2(4) (a at rank 3); ideal = 3 + 1/log2(3).
        let dcg = 1 / log2(3.0) + 3 / 2.0, ideal = 3 + 1 / log2(3.0)
        #expect(abs(RankingMetrics.ndcg(["x", "b", "a"], judged) - dcg / ideal) < 1e-12)
        #expect(RankingMetrics.ndcg(["a", "b"], judged) == 1)
        #expect(RankingMetrics.recall(["x", "a"], judged) == 0.5)
        #expect(RankingMetrics.reciprocalRank(["x", "y", "b"], judged) == 1.0 / 3)
        #expect(RankingMetrics.reciprocalRank(["x"], judged) == 0)
    }

    static func collection(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.file("beir")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let topics = [
            "wing lift slipstream", "heat transfer boundary layer", "shock wave reflection", "panel flutter supersonic",
            "buckling cylinder shell", "laminar flow transition"
        ]
        var corpus = "", queries = "", qrels = "query-id\tcorpus-id\tscore\n"
        for (t, topic) in topics.enumerated() {
            for d in 0..<8 {
                let id = "\(t)-\(d)"
                let text =
                    "a study of \(topic) " + String(repeating: "\(topic.split(separator: " ")[d % 3]) ", count: d + 1)
                    + "measured in experiment \(d) with some general results and notes"
                corpus += try String(decoding: JSONSerialization.data(withJSONObject: ["_id": id, "title": "note \(id)", "text": text]), as: UTF8.self) + "\n"
                if d >= 5 { qrels += "\(t)\t\(id)\t\(d - 4)\n" } // more mentions, more relevant
            }
            queries +=
                try String(
                    decoding: JSONSerialization.data(withJSONObject: ["_id": "\(t)", "text": "what is known about \(topic) in experiments"]), as: UTF8.self)
                + "\n"
        }
        queries += #"{"_id": "unjudged", "text": "nothing"}"# + "\n"
        try corpus.write(toFile: path + "/corpus.jsonl", atomically: true, encoding: .utf8)
        try queries.write(toFile: path + "/queries.jsonl", atomically: true, encoding: .utf8)
        try qrels.write(toFile: path + "/qrels.tsv", atomically: true, encoding: .utf8)
        return path
    }

    @Test func evaluatesThroughTheProductWithScopedRankings() throws {
        let dir = try TemporaryDirectory()
        let collection = try BEIRCollection.load(directory: try Self.collection(dir))
        #expect(collection.documents.count == 48 && collection.queries.count == 6)
        var options = RetrievalEvaluation.Options()
        options.aclSplit = 3
        let report = try RetrievalEvaluation.run(collection: collection, options: options)
        #expect(report.queriesWithoutResults == 0)
        #expect(report.ragvault.ndcgAt10 > 0.5, "\(report.ragvault)")
        #expect(report.ragvault.recallAt100 == 1)
        #expect(report.baseline.recallAt100 == 1)
        #expect(report.aclSplit?.queriesChecked == 6)
        #expect(report.aclSplit?.mismatches == 0)
        // Every word required finds nothing for questions like these: the reason for `natural`.
        options.match = .all
        options.aclSplit = 0
        #expect(try RetrievalEvaluation.run(collection: collection, options: options).queriesWithoutResults == 6)
    }

    @Test func aBrokenCollectionIsAClearError() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.collection(dir)
        try "query-id\tcorpus-id\tscore\n1\tx\n".write(toFile: path + "/qrels.tsv", atomically: true, encoding: .utf8)
        #expect(throws: RAGVaultError.self) { _ = try BEIRCollection.load(directory: path) }
        #expect(throws: RAGVaultError.self) { _ = try BEIRCollection.load(directory: dir.file("missing")) }
    }
}
