import Foundation
import RAGVault

/// `ragvault bench hidden`: how much a search's time depends on matches the caller cannot see.
///
/// A tenant holds visible chunks (role:eng) and H hidden chunks (role:hr) that all contain one
/// word. A role:eng search for that word (found only in hidden chunks) is timed against a
/// search for a word found nowhere, interleaved, for each H; then again with the tenant's
/// `min_search_ms` floor on. A ratio near 1 means the hidden matches cannot be counted by timing.
public enum HiddenMatchBenchmark {
    public struct Row: Encodable, Sendable {
        public var hiddenMatches: Int
        public var hiddenWordP50Micros: Double
        public var absentWordP50Micros: Double
        public var ratio: Double
        public var flooredHiddenP50Micros: Double
        public var flooredAbsentP50Micros: Double
        public var flooredRatio: Double
    }

    public struct Report: Encodable, Sendable {
        public var visibleChunks: Int
        public var floorMs: Int
        public var rows: [Row]
    }

    public static func run(
        hidden counts: [Int] = [0, 300, 3000, 30000], visible: Int = 3000, samples: Int = 200,
        floorMs: Int = 10
    ) throws -> Report {
        let work = NSTemporaryDirectory() + "ragvault-bench-hidden-" + Sodium.randomHex(4)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let vault = try Vault.initialize(at: work + "/data", keySource: .generatedKeyFile)
        vault.auditDisabled = true // the retrieval engine alone; `bench audit` measures the trail
        defer { vault.close() }
        let retriever = Retriever(vault: vault)
        var rows: [Row] = []
        for (n, hidden) in counts.enumerated() {
            let tenant = "t\(n)"
            try vault.createTenant(tenant)
            let store = try vault.store(for: tenant)
            var random = SplitMix64(seed: 17)
            let words = (0..<2000).map { "w\($0)" }
            func text(_ extra: String) -> String {
                (0..<60).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ") + " " + extra
            }
            var documents: [DocumentRecord] = []
            // Interleaved in rowid order, as real tenants are: hidden chunks between visible ones.
            let total = visible + hidden
            for i in 0..<total {
                let isHidden = (i * hidden) / total != ((i + 1) * hidden) / total // exactly `hidden`, spread evenly
                documents.append(
                    DocumentRecord(
                        externalID: "d\(i)", title: "doc \(i)", contentHash: "\(i)",
                        acl: AccessList(allow: [isHidden ? "role:hr" : "role:eng"]),
                        chunks: [ChunkRecord(ordinal: 0, startOffset: 0, endOffset: 400, text: text(isHidden ? "zyphidden" : ""))]))
                if documents.count == 500 { try store.putDocuments(documents); documents.removeAll() }
            }
            try store.putDocuments(documents)
            try store.optimize()
            try store.checkpoint()
            let eng = try Principal.impersonating(tenant: tenant, subject: "ann", roles: ["eng"])
            func measure() throws -> (Double, Double) {
                var present: [Double] = [], absent: [Double] = []
                for q in ["zyphidden", "zypnowhere"] { _ = try retriever.search(SearchRequest(query: q), as: eng) } // warm
                for i in 0..<samples {
                    let order = i % 2 == 0 ? ["zyphidden", "zypnowhere"] : ["zypnowhere", "zyphidden"]
                    for q in order {
                        let t = try Stopwatch.time { _ = try retriever.search(SearchRequest(query: q), as: eng) }
                        if q == "zyphidden" { present.append(t) } else { absent.append(t) }
                    }
                }
                return (Percentiles(present).p50 * 1e6, Percentiles(absent).p50 * 1e6)
            }
            let (p, a) = try measure()
            try vault.setSettings(TenantSettings(minSearchMs: floorMs), for: tenant)
            let (fp, fa) = try measure()
            rows.append(
                Row(
                    hiddenMatches: hidden, hiddenWordP50Micros: p, absentWordP50Micros: a, ratio: p / a,
                    flooredHiddenP50Micros: fp, flooredAbsentP50Micros: fa, flooredRatio: fp / fa))
            try vault.deleteTenant(tenant)
        }
        return Report(visibleChunks: visible, floorMs: floorMs, rows: rows)
    }
}
