import Foundation
import RAGVault

/// `ragvault bench hidden`, read routes: does reading a document the caller may not see take
/// longer than reading one that does not exist? A tenant holds visible documents (role:eng)
/// and one role:hr document of `chunks` chunks; a role:eng reader asks, interleaved, for the
/// hidden document and for an absent id — through `document`, through a search filtered by
/// `document_ids`, and for one of its chunks vs a chunk id that exists nowhere. Every answer is
/// `not_found` (or no results); a ratio near 1 means the answers cannot be told apart by time.
public enum HiddenReadBenchmark {
    public struct Route: Encodable, Sendable {
        public var route: String
        public var hiddenP50Micros: Double
        public var absentP50Micros: Double
        public var ratio: Double
    }

    public struct Report: Encodable, Sendable {
        public var hiddenDocumentChunks: Int
        public var routes: [Route]
    }

    public static func run(chunks: Int = 344, visible: Int = 2000, samples: Int = 400) throws -> Report {
        let work = NSTemporaryDirectory() + "ragvault-bench-hidden-read-" + Sodium.randomHex(4)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let vault = try Vault.initialize(at: work + "/data", keySource: .generatedKeyFile)
        vault.auditDisabled = true // the reads alone; `bench audit` measures the trail
        defer { vault.close() }
        try vault.createTenant("t")
        let store = try vault.store(for: "t")
        var random = SplitMix64(seed: 23)
        let words = (0..<2000).map { "w\($0)" }
        func text() -> String { (0..<60).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ") + " salary" }
        var documents = (0..<visible).map { i in
            DocumentRecord(
                externalID: "v\(i)", title: "doc \(i)", contentHash: "\(i)", acl: AccessList(allow: ["role:eng"]),
                chunks: [ChunkRecord(ordinal: 0, startOffset: 0, endOffset: 400, text: text())])
        }
        documents.append(
            DocumentRecord(
                externalID: "hr/salaries.md", title: "Salaries", contentHash: "hr", acl: AccessList(allow: ["role:hr"]),
                chunks: (0..<chunks).map { ChunkRecord(ordinal: $0, startOffset: $0 * 400, endOffset: $0 * 400 + 400, text: text()) }))
        for start in stride(from: 0, to: documents.count, by: 500) {
            try store.putDocuments(Array(documents[start..<min(documents.count, start + 500)]))
        }
        try store.optimize()
        try store.checkpoint()
        let retriever = Retriever(vault: vault)
        let eng = try Principal.impersonating(tenant: "t", subject: "ann", roles: ["eng"])
        let hr = try Principal.impersonating(tenant: "t", subject: "hal", roles: ["hr"])
        let hiddenChunk = try retriever.search(SearchRequest(query: "salary", documentIDs: ["hr/salaries.md"]), as: hr).results.first?.chunkID ?? ""
        guard hiddenChunk.count == 16 else { throw RAGVaultError(.internalError, "bench hidden: the hidden chunk was not found") }

        func compare(_ route: String, hidden: () throws -> Void, absent: () throws -> Void) throws -> Route {
            for _ in 0..<20 { try hidden(); try absent() } // warm
            var h: [Double] = [], a: [Double] = []
            for i in 0..<samples {
                if i % 2 == 0 {
                    h.append(try Stopwatch.time(hidden)); a.append(try Stopwatch.time(absent))
                } else {
                    a.append(try Stopwatch.time(absent)); h.append(try Stopwatch.time(hidden))
                }
            }
            let (hp, ap) = (Percentiles(h).p50 * 1e6, Percentiles(a).p50 * 1e6)
            return Route(route: route, hiddenP50Micros: hp, absentP50Micros: ap, ratio: hp / ap)
        }
        func notFound(_ read: () throws -> Void) throws {
            do { try read(); throw RAGVaultError(.internalError, "bench hidden: a hidden read answered") } catch let e as RAGVaultError
                where e.code == .notFound
            {}
        }
        func empty(_ ids: [String]) throws {
            guard try retriever.search(SearchRequest(query: "salary", documentIDs: ids), as: eng).results.isEmpty else {
                throw RAGVaultError(.internalError, "bench hidden: a filtered search showed the hidden document")
            }
        }
        var absentCounter = 0
        func absentID() -> String { absentCounter += 1; return "hr/missing-\(absentCounter).md" }
        let routes = [
            try compare(
                "document read", hidden: { try notFound { _ = try retriever.document("hr/salaries.md", as: eng) } },
                absent: { try notFound { _ = try retriever.document(absentID(), as: eng) } }),
            try compare("search, document_ids filter", hidden: { try empty(["hr/salaries.md"]) }, absent: { try empty([absentID()]) }),
            try compare(
                "chunk read", hidden: { try notFound { _ = try retriever.chunk(hiddenChunk, as: eng) } },
                absent: { try notFound { _ = try retriever.chunk(String(format: "%016llx", random.next()), as: eng) } })
        ]
        return Report(hiddenDocumentChunks: chunks, routes: routes)
    }
}
