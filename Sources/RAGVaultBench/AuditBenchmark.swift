import Foundation
import RAGVault

/// `ragvault bench audit`: search throughput with the audit trail off, reads-relaxed (the
/// default), relaxed and strict, in the same run over the same tenant, rounds interleaved
/// (order rotated each round) so a noisy neighbour hurts all alike. Concurrent clients, as a server has them: strict
/// mode's group commit is what makes it affordable. A single client, one search at a time —
/// where strict pays one sync per search — is measured as well.
public enum AuditBenchmark {
    public struct Mode: Encodable, Sendable {
        public var name: String
        /// Median over rounds, searches per second.
        public var throughput: Double
        /// 1 − throughput / throughput with audit off.
        public var cost: Double
        /// One client, p50 of a search, microseconds.
        public var sequentialP50Micros: Double
    }

    public struct Report: Encodable, Sendable {
        public var chunks: Int
        public var clients: Int
        public var rounds: Int
        public var searchesPerRound: Int
        public var modes: [Mode]
        /// Records written per sync in strict mode (group commit), averaged.
        public var strictRecordsPerSync: Double
    }

    public static func run(
        corpus: BenchCorpus, clients: Int = 8, rounds: Int = 3, searchesPerRound: Int = 1200,
        relaxedWindowMs: Int = AuditDurability.defaultRelaxedWindowMs
    ) throws -> Report {
        let work = NSTemporaryDirectory() + "ragvault-bench-audit-" + Sodium.randomHex(4)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let vault = try Vault.initialize(at: work + "/data", keySource: .generatedKeyFile)
        defer { vault.close() }
        try vault.createTenant("bench")
        let store = try vault.store(for: "bench")
        let documents = corpus.documents.map { doc -> DocumentRecord in
            var d = doc
            d.acl = AccessList(allow: ["role:reader"])
            return d
        }
        for group in stride(from: 0, to: documents.count, by: 200).map({ Array(documents[$0..<min($0 + 200, documents.count)]) }) {
            try store.putDocuments(group)
        }
        try store.optimize()
        let queries = SearchBenchmark.makeQueries(corpus.vocabulary, count: 400).filter { (try? QueryCompiler().compile($0)) != nil }
        let retriever = Retriever(vault: vault)
        let reader = try Principal.impersonating(tenant: "bench", subject: "bench", roles: ["reader"])
        // nil: the trail disabled (the baseline).
        let modes: [(String, AuditDurability?)] = [
            ("off", nil), ("reads-relaxed", .readsRelaxed(windowMs: relaxedWindowMs)), ("relaxed", .relaxed(windowMs: relaxedWindowMs)),
            ("strict", .strict)
        ]
        func apply(_ durability: AuditDurability?) {
            vault.auditDisabled = durability == nil
            if let durability { vault.auditDurability = durability }
        }
        apply(nil)
        for q in queries.prefix(50) { _ = try retriever.search(SearchRequest(query: q), as: reader) } // warm caches

        var throughputs: [String: [Double]] = [:]
        var strictRecords = 0, strictSyncs = 0
        for round in 0..<rounds {
            for k in 0..<modes.count {
                let (name, durability) = modes[(k + round) % modes.count]
                apply(durability)
                let before = vault.auditTrail.syncCount
                let seconds = try concurrentSearches(retriever, reader, queries, clients: clients, total: searchesPerRound, offset: round)
                vault.flushAudit()
                if name == "strict" {
                    strictRecords += searchesPerRound
                    strictSyncs += vault.auditTrail.syncCount - before
                }
                throughputs[name, default: []].append(Double(searchesPerRound) / seconds)
            }
        }
        var sequential: [String: Double] = [:]
        for (name, durability) in modes {
            apply(durability)
            var times: [Double] = []
            for q in queries.prefix(200) {
                times.append(try Stopwatch.time { _ = try retriever.search(SearchRequest(query: q), as: reader) } * 1e6)
            }
            vault.flushAudit()
            sequential[name] = times.sorted()[times.count / 2]
        }
        vault.auditDurability = .default
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let off = median(throughputs["off"] ?? [1])
        return Report(
            chunks: documents.reduce(0) { $0 + $1.chunks.count }, clients: clients, rounds: rounds,
            searchesPerRound: searchesPerRound,
            modes: modes.map { name, _ in
                let t = median(throughputs[name] ?? [0])
                return Mode(name: name, throughput: t, cost: 1 - t / off, sequentialP50Micros: sequential[name] ?? 0)
            },
            strictRecordsPerSync: strictSyncs > 0 ? Double(strictRecords) / Double(strictSyncs) : 0)
    }

    /// `total` searches shared by `clients` threads; the wall time they took.
    private static func concurrentSearches(
        _ retriever: Retriever, _ reader: Principal, _ queries: [String],
        clients: Int, total: Int, offset: Int
    ) throws -> Double {
        let next = Counter()
        let failures = Counter()
        let group = DispatchGroup()
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<clients {
            group.enter()
            Thread {
                while true {
                    let i = next.increment()
                    if i >= total { break }
                    let q = queries[(i + offset * 7) % queries.count]
                    if (try? retriever.search(SearchRequest(query: q), as: reader)) == nil { _ = failures.increment() }
                }
                group.leave()
            }.start()
        }
        group.wait()
        guard failures.value == 0 else {
            throw RAGVaultError(.internalError, "\(failures.value) benchmark searches failed")
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() -> Int {
            lock.withLock {
                defer { count += 1 }; return count
            }
        }
        var value: Int { lock.withLock { count } }
    }
}
