import Foundation
import RAGVault

/// `ragvault bench ingest`: the whole pipeline (walk, extract, normalise, scrub, chunk,
/// encrypt, store) against a baseline in the same run that inserts the same chunks into a
/// plain FTS5 table through the plain VFS, one transaction per document on both sides.
public enum IngestBenchmark {
    public struct Report: Encodable, Sendable {
        public var documents = 0
        public var chunks = 0
        public var megabytes = 0.0
        public var ragvaultSeconds = 0.0
        public var baselineSeconds = 0.0
        public var ragvaultMBps: Double { megabytes / ragvaultSeconds }
        public var baselineMBps: Double { megabytes / baselineSeconds }
        /// RAGVault MB/s ÷ baseline MB/s (target ≥ 0.6).
        public var ratio: Double { ragvaultMBps / baselineMBps }
        public var chunksPerSecond: Double { Double(chunks) / ragvaultSeconds }
        /// Peak resident memory while indexing a quarter of the corpus, then all of it.
        public var peakMemoryQuarterMB = 0.0
        public var peakMemoryFullMB = 0.0

        enum CodingKeys: String, CodingKey {
            case documents, chunks, megabytes, ragvaultSeconds, baselineSeconds, ragvaultMBps, baselineMBps, ratio
            case chunksPerSecond, peakMemoryQuarterMB, peakMemoryFullMB
        }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(documents, forKey: .documents); try c.encode(chunks, forKey: .chunks)
            try c.encode(megabytes, forKey: .megabytes); try c.encode(ragvaultSeconds, forKey: .ragvaultSeconds)
            try c.encode(baselineSeconds, forKey: .baselineSeconds); try c.encode(ragvaultMBps, forKey: .ragvaultMBps)
            try c.encode(baselineMBps, forKey: .baselineMBps); try c.encode(ratio, forKey: .ratio)
            try c.encode(chunksPerSecond, forKey: .chunksPerSecond)
            try c.encode(peakMemoryQuarterMB, forKey: .peakMemoryQuarterMB); try c.encode(peakMemoryFullMB, forKey: .peakMemoryFullMB)
        }
    }

    public static func run(corpus path: String) throws -> Report {
        let (root, cleanup) = try BenchCorpus.materialise(path)
        defer { cleanup() }
        let work = NSTemporaryDirectory() + "ragvault-bench-ingest-" + Sodium.randomHex(4)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let files = FileTree.entries(under: root).compactMap { entry -> (relative: String, full: String)? in
            guard case .file(let relative, let full) = entry, DocumentFormat.forExtension((relative as NSString).pathExtension) != nil else { return nil }
            return (relative, full)
        }
        guard !files.isEmpty else { throw RAGVaultError(.invalidInput, "corpus \(path) holds no documents") }
        var report = Report()

        // Quarter first, then full: peak memory should not grow with corpus size.
        let quarterRoot = work + "-quarter"
        try FileManager.default.createDirectory(atPath: quarterRoot, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: quarterRoot) }
        for (relative, full) in files.prefix(max(1, files.count / 4)) {
            let target = quarterRoot + "/" + relative
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: full, toPath: target)
        }
        Memory.resetPeak()
        _ = try indexWithRAGVault(root: quarterRoot, work: work + "/quarter")
        report.peakMemoryQuarterMB = Memory.peakMB()
        Memory.resetPeak()
        let (seconds, documents, chunks, bytes) = try indexWithRAGVault(root: root, work: work + "/full")
        report.peakMemoryFullMB = Memory.peakMB()
        report.ragvaultSeconds = seconds
        report.documents = documents
        report.chunks = chunks
        report.megabytes = Double(bytes) / 1_000_000
        report.baselineSeconds = try baseline(root: root, work: work)
        return report
    }

    private static func indexWithRAGVault(root: String, work: String) throws -> (Double, Int, Int, Int64) {
        let vault = try Vault.initialize(at: work, keySource: .generatedKeyFile)
        defer { vault.close() }
        try vault.createTenant("bench")
        let indexer = try vault.indexer(for: "bench")
        var summary = IndexSummary()
        let seconds = try Stopwatch.time {
            (summary, _) = try IndexPipeline(indexer: indexer).run(DirectorySource(paths: [root], defaultAllow: ["role:bench"]))
            try indexer.store.checkpoint()
        }
        return (seconds, summary.added, try indexer.store.chunkCount(), summary.bytes)
    }

    /// Prepares each document untimed, then times only its insert into a plain FTS5 table.
    private static func baseline(root: String, work: String) throws -> Double {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let db = try StoreOpener.openPlain(path: work + "/baseline.db", label: "baseline")
        defer { db.close() }
        try db.execute("CREATE VIRTUAL TABLE fts USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2')")
        let preparer = DocumentPreparer(scrubber: Redactor())
        var seconds = 0.0
        try DirectorySource(paths: [root], defaultAllow: ["role:bench"]).forEach { item, _ in
            guard case .document(let doc) = item, let acl = doc.acl,
                let (record, _) = try? preparer.prepare(doc, acl: acl, contentHash: "")
            else { return }
            seconds += try Stopwatch.time {
                try db.transaction {
                    for chunk in record.chunks { try db.run("INSERT INTO fts(body) VALUES (?)", [.text(chunk.text)]) }
                }
            }
        }
        seconds += try Stopwatch.time { _ = try db.query("PRAGMA wal_checkpoint(TRUNCATE)") }
        return seconds
    }
}

/// Peak resident memory of this process (Linux: VmHWM, resettable via clear_refs).
enum Memory {
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func peakMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return kb / 1024
    }
}
