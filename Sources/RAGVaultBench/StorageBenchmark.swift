import Foundation
import RAGVault

/// `ragvault bench storage`: the same workload through the encrypting VFS and the plain unix
/// VFS in one run, interleaved so machine noise hits both sides alike.
public enum StorageBenchmark {
    public struct Report: Codable, Sendable {
        public var documents: Int
        public var chunks: Int
        public var megabytes: Double
        public var plainInsertSeconds: Double
        public var encryptedInsertSeconds: Double
        /// Encrypted time / plain time for the bulk insert (target ≤ 1.3).
        public var insertRatio: Double
        public var queries: Int
        public var plainP50Micros: Double
        public var plainP99Micros: Double
        public var encryptedP50Micros: Double
        public var encryptedP99Micros: Double
        /// Encrypted p50 / plain p50 (target ≤ 1.15).
        public var queryP50Ratio: Double
        public var queryP99Ratio: Double
    }

    public static func run(corpus: BenchCorpus, queryCount: Int = 400, rounds: Int = 3, batch: Int = 100) throws -> Report {
        let dir = NSTemporaryDirectory() + "ragvault-bench-" + Sodium.randomHex(4)
        try FileManager.default.createDirectory(
            atPath: dir, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SecureBytes(randomCount: vaultKeyLength)
        let batches = stride(from: 0, to: corpus.documents.count, by: batch).map {
            Array(corpus.documents[$0..<min($0 + batch, corpus.documents.count)])
        }

        // Bulk insert: best of `rounds` per side, alternating which side goes first.
        var plainBest = Double.infinity, encryptedBest = Double.infinity
        for round in 0..<rounds {
            for encrypted in (round % 2 == 0 ? [false, true] : [true, false]) {
                let path = dir + "/insert-\(round)-\(encrypted).db"
                let store =
                    encrypted
                    ? try TenantStore.openOrCreate(tenant: "bench", path: path, key: key)
                    : try TenantStore(plainAt: path, tenant: "bench")
                // The final checkpoint is timed too: the encrypting side pays for every page
                // it moves from the WAL into the database.
                let seconds = try Stopwatch.time {
                    for group in batches { try store.putDocuments(group) }
                    try store.checkpoint()
                }
                store.close()
                if encrypted { encryptedBest = min(encryptedBest, seconds) } else { plainBest = min(plainBest, seconds) }
                if round < rounds - 1 { DurableFile.removeDatabase(path) }
            }
        }

        // Queries against the last round's files, reopened so caches start cold.
        let plain = try TenantStore(plainAt: dir + "/insert-\(rounds - 1)-false.db", tenant: "bench")
        let encrypted = try TenantStore.openOrCreate(tenant: "bench", path: dir + "/insert-\(rounds - 1)-true.db", key: key)
        defer { plain.close(); encrypted.close() }
        let queries = makeQueries(corpus.vocabulary, count: queryCount)
        for query in queries.prefix(20) { _ = try plain.bm25TopK(query, limit: 10); _ = try encrypted.bm25TopK(query, limit: 10) }
        var plainTimes: [Double] = [], encryptedTimes: [Double] = []
        for (i, query) in queries.enumerated() {
            let order = i % 2 == 0 ? [plain, encrypted] : [encrypted, plain]
            for store in order {
                var plainResult: [Int64] = []
                let t = try Stopwatch.time { plainResult = try store.bm25TopK(query, limit: 10) }
                _ = plainResult
                if store === plain { plainTimes.append(t) } else { encryptedTimes.append(t) }
            }
        }
        let p = Percentiles(plainTimes), e = Percentiles(encryptedTimes)
        return Report(
            documents: corpus.documents.count, chunks: corpus.documents.reduce(0) { $0 + $1.chunks.count },
            megabytes: Double(corpus.bytes) / 1_000_000, plainInsertSeconds: plainBest,
            encryptedInsertSeconds: encryptedBest, insertRatio: encryptedBest / plainBest,
            queries: queries.count, plainP50Micros: p.p50 * 1e6, plainP99Micros: p.p99 * 1e6,
            encryptedP50Micros: e.p50 * 1e6, encryptedP99Micros: e.p99 * 1e6,
            queryP50Ratio: e.p50 / p.p50, queryP99Ratio: e.p99 / p.p99)
    }

    /// Single rare and common terms, two-term conjunctions and phrases, deterministically.
    static func makeQueries(_ vocabulary: [String], count: Int) -> [String] {
        var random = SplitMix64(seed: 7)
        let words = vocabulary.filter { $0.allSatisfy { $0.isLetter } }
        guard words.count > 10 else { return words.map { "\"\($0)\"" } }
        func pick(_ range: Range<Int>) -> String {
            words[range.lowerBound + Int(random.next() % UInt64(max(1, range.count)))]
        }
        let common = 0..<min(100, words.count), rare = min(1000, words.count / 2)..<words.count
        return (0..<count).map { i in
            switch i % 4 {
            case 0: return "\"\(pick(common))\""
            case 1: return "\"\(pick(rare))\""
            case 2: return "\"\(pick(common))\" AND \"\(pick(common))\""
            default: return "\"\(pick(common)) \(pick(common))\""
            }
        }
    }

}
