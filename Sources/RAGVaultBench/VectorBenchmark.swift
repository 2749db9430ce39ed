import CVault
import Foundation
import RAGVault

/// `ragvault bench vectors`: the exact int8 vector leg against float32 brute force over the
/// same rows, a narrow scope against a full one, and a hybrid search against its two legs.
public enum VectorBenchmark {
    public struct Report: Encodable, Sendable {
        public var rows: Int
        public var dims: Int
        public var simd: Bool
        public var int8P50Ms: Double
        public var float32P50Ms: Double
        /// float32 ÷ int8 (target ≥ 3).
        public var speedup: Double
        public var onePercentP50Ms: Double
        /// 1 % scope ÷ full scope (target ≤ 0.1).
        public var scopeRatio: Double
        public var tenantChunks: Int
        public var textP50Ms: Double
        public var vectorP50Ms: Double
        public var hybridP50Ms: Double
        /// hybrid − (text + vector) in ms (target ≤ 0.3).
        public var hybridOverheadMs: Double
        /// The embedded model (nil when it is not installed): a short query's embedding p50
        /// (target ≤ 15 ms) and chunks of 256 word pieces per second on one thread (target ≥ 10).
        public var queryEmbeddingP50Ms: Double?
        public var chunksPerSecond: Double?
    }

    public static func run(rows: Int = 200_000, dims: Int = 384, queries: Int = 40, tenantChunks: Int = 50_000) throws -> Report {
        var random = SplitMix64(seed: 384)
        let config = VectorConfig(model: "bench", dims: dims)
        var values = [Int8](repeating: 0, count: rows * dims)
        var scales = [Float](repeating: 0, count: rows)
        for r in 0..<rows {
            let q = try QuantizedVector(vector(dims, &random), dims: dims, what: "v", code: .invalidInput)
            values.replaceSubrange(r * dims..<(r + 1) * dims, with: q.values)
            scales[r] = q.scale
        }
        let matrix = VectorMatrix(config: config, ids: (0..<Int64(rows)).map { $0 }, scales: scales, values: values, stale: 0)
        // The float32 rows the int8 ones stand for.
        let floats = (0..<(rows * dims)).map { Float(values[$0]) * scales[$0 / dims] }
        let all = [UInt8](repeating: 0xFF, count: rows / 8 + 1)
        var narrow = [UInt8](repeating: 0, count: rows / 8 + 1)
        for r in stride(from: 0, to: rows, by: 100) { narrow[r >> 3] |= UInt8(1 << (r & 7)) }
        var int8: [Double] = [], float32: [Double] = [], onePercent: [Double] = []
        var scores = [Float](repeating: 0, count: rows)
        for _ in 0..<queries {
            let raw = vector(dims, &random)
            let query = try QuantizedVector(raw, dims: dims, what: "v", code: .invalidInput)
            // Interleaved, so a slower minute of the machine costs each the same.
            int8.append(Stopwatch.time { _ = matrix.top(query, permitted: all, limit: 10) } * 1000)
            float32.append(
                Stopwatch.time {
                    vault_vector_dots_f32(floats, rows, dims, raw, &scores)
                    var best = TopScores<Float>(limit: 10)
                    for r in 0..<rows { best.offer(rowid: Int64(r), score: scores[r]) }
                    _ = best.rows
                } * 1000)
            onePercent.append(Stopwatch.time { _ = matrix.top(query, permitted: narrow, limit: 10) } * 1000)
        }
        let (text, vectorLeg, hybrid) = try hybridLatency(chunks: tenantChunks, dims: dims, queries: queries, &random)
        let p = { (samples: [Double]) in Percentiles(samples).p50 }
        var queryEmbedding: Double?, chunksPerSecond: Double?
        if SentenceEncoder.defaultDirectory() != nil {
            let encoder = try SentenceEncoder.loaded()
            let questions = ["how do I rotate the signing key", "what is the boundary layer thickness at the trailing edge", "vacation policy for contractors"]
            _ = encoder.embed(questions[0])
            queryEmbedding = p((0..<queries).map { i in Stopwatch.time { _ = encoder.embed(questions[i % questions.count]) } * 1000 })
            // A chunk of exactly 256 word pieces (254 words of one piece each, plus [CLS] and [SEP]).
            let words = ["system", "memory", "driver", "kernel", "device", "power", "state", "table", "value", "queue"]
            let chunk = (0..<254).map { words[$0 % words.count] }.joined(separator: " ")
            precondition(encoder.pieces(chunk).count == SentenceEncoder.maxPieces)
            let count = 10
            chunksPerSecond = Double(count) / Stopwatch.time { for _ in 0..<count { _ = encoder.embed(chunk) } }
        }
        return Report(
            rows: rows, dims: dims, simd: vault_vector_path() == 1, int8P50Ms: p(int8), float32P50Ms: p(float32),
            speedup: p(float32) / p(int8), onePercentP50Ms: p(onePercent), scopeRatio: p(onePercent) / p(int8),
            tenantChunks: tenantChunks, textP50Ms: p(text), vectorP50Ms: p(vectorLeg), hybridP50Ms: p(hybrid),
            hybridOverheadMs: p(hybrid) - p(text) - p(vectorLeg), queryEmbeddingP50Ms: queryEmbedding, chunksPerSecond: chunksPerSecond)
    }

    static func vector(_ dims: Int, _ random: inout SplitMix64) -> [Float] {
        (0..<dims).map { _ in Float(Int(random.next() % 20_001) - 10_000) / 10_000 }
    }

    /// Text, vector and hybrid searches (k = 10, passages built) on one tenant of `chunks`
    /// chunks, interleaved.
    static func hybridLatency(chunks: Int, dims: Int, queries: Int, _ random: inout SplitMix64) throws -> ([Double], [Double], [Double]) {
        let work = NSTemporaryDirectory() + "ragvault-bench-vectors-" + Sodium.randomHex(4)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let vault = try Vault.initialize(at: work + "/data", keySource: .generatedKeyFile)
        vault.auditDisabled = true
        defer { vault.close() }
        try vault.createTenant("bench")
        let store = try vault.store(for: "bench")
        try store.setVectorConfig(VectorConfig(model: "bench", dims: dims))
        let words = (0..<5000).map { "w\($0)" }
        var batch: [DocumentRecord] = []
        for i in 0..<chunks {
            let text = (0..<60).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
            var document = DocumentRecord(
                externalID: "d\(i)", title: "doc \(i)", contentHash: "\(i)", acl: AccessList(allow: ["role:eng"]),
                chunks: [ChunkRecord(ordinal: 0, startOffset: 0, endOffset: text.count, text: text)])
            document.vector = StoredVector(model: "bench", vector: try QuantizedVector(vector(dims, &random), dims: dims, what: "v", code: .invalidInput))
            batch.append(document)
            if batch.count == 1000 {
                try store.putDocuments(batch)
                batch.removeAll()
            }
        }
        try store.putDocuments(batch)
        try store.optimize()
        let retriever = Retriever(vault: vault)
        let reader = try Principal.impersonating(tenant: "bench", subject: "u", roles: ["eng"])
        var text: [Double] = [], vectorLeg: [Double] = [], hybrid: [Double] = []
        for i in 0..<(queries + 3) {
            let q = "\(words[Int(random.next() % 5000)]) \(words[Int(random.next() % 5000)]) \(words[Int(random.next() % 5000)])"
            let v = vector(dims, &random)
            let t = Stopwatch.time { _ = try? retriever.search(SearchRequest(query: q, topK: 10), as: reader) } * 1000
            let vs = Stopwatch.time { _ = try? retriever.search(SearchRequest(query: q, topK: 10, mode: .vector, vector: v), as: reader) } * 1000
            let h = Stopwatch.time { _ = try? retriever.search(SearchRequest(query: q, topK: 10, mode: .hybrid, vector: v), as: reader) } * 1000
            if i >= 3 { (text, vectorLeg, hybrid) = (text + [t], vectorLeg + [vs], hybrid + [h]) } // the first load the matrix
        }
        return (text, vectorLeg, hybrid)
    }
}
