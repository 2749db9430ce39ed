import ArgumentParser
import Foundation
import RAGVault
import RAGVaultBench

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print ratios against a baseline measured in the same run (use a release build).",
        subcommands: [Storage.self, Ingest.self, Redaction.self, Search.self, Hidden.self, HTTP.self, Delegated.self, Audit.self, Vectors.self, ANN.self])

    struct Storage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bulk insert and FTS5 query latency: encrypting VFS vs plain unix VFS.",
            discussion: "Targets: insert ratio ≤ 1.3, query p50 ratio ≤ 1.15.")
        @Option(help: "Directory or .tar.gz of text documents (default: a synthetic corpus).") var corpus: String?
        @Option(help: "Maximum documents to load.") var limit = 2000
        @Option(help: "Queries per side.") var queries = 400
        @Option(help: "Insert rounds per side (best is kept).") var rounds = 3
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let docs = try loadCorpus(corpus, limit: limit, synthetic: limit)
            let r = try CLI.run { try StorageBenchmark.run(corpus: docs, queryCount: queries, rounds: rounds) }
            if json { return try CLI.printJSON(r) }
            let f = twoDecimals
            print("corpus: \(r.documents) documents, \(r.chunks) chunks, \(f(r.megabytes)) MB")
            print(
                "bulk insert  plain \(f(r.megabytes / r.plainInsertSeconds)) MB/s  encrypted \(f(r.megabytes / r.encryptedInsertSeconds)) MB/s  ratio \(f(r.insertRatio)) (target ≤ 1.30)"
            )
            print("query p50    plain \(f(r.plainP50Micros)) µs  encrypted \(f(r.encryptedP50Micros)) µs  ratio \(f(r.queryP50Ratio)) (target ≤ 1.15)")
            print("query p99    plain \(f(r.plainP99Micros)) µs  encrypted \(f(r.encryptedP99Micros)) µs  ratio \(f(r.queryP99Ratio))")
        }
    }

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Indexing throughput and peak memory vs. plain FTS5 inserts of the same chunks.",
            discussion: "Target: ratio ≥ 0.6, peak memory flat in corpus size.")
        @Option(help: "Directory or .tar.gz of documents.") var corpus: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let r = try CLI.run { try IngestBenchmark.run(corpus: corpus) }
            if json { return try CLI.printJSON(r) }
            let f = twoDecimals
            print("corpus: \(r.documents) documents, \(r.chunks) chunks, \(f(r.megabytes)) MB")
            print("ragvault   \(f(r.ragvaultMBps)) MB/s  \(Int(r.chunksPerSecond)) chunks/s")
            print("baseline   \(f(r.baselineMBps)) MB/s  (plain FTS5 inserts of the same chunks)")
            print("ratio      \(f(r.ratio)) (target ≥ 0.60)")
            print("peak memory: quarter corpus \(f(r.peakMemoryQuarterMB)) MB, full corpus \(f(r.peakMemoryFullMB)) MB")
        }
    }

    struct Redaction: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Redaction throughput on one core over 2–8 KB passages with planted entities.",
            discussion: "Targets: ≥ 50 MB/s on ordinary text; with --dense, ≥ 55 MB/s on a labelled corpus and ≥ 45 MB/s on the built-in one.")
        @Option(help: "Directory or .tar.gz of real text (default: a synthetic corpus).") var corpus: String?
        @Option(
            help:
                "Secret-dense mode: `builtin` (RAGVault's own configs, logs, shell, SQL, code and chat, a credential or personal value every few lines) or a labelled JSONL corpus (e.g. ../shared/corpus/redaction-dev.jsonl) cut into 2–8 KB passages as is."
        )
        var dense: String?
        @Option(help: "Megabytes of passages to redact.") var megabytes = 20
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let r = try CLI.run { try RedactionBenchmark.run(corpus: corpus, megabytes: megabytes, dense: dense) }
            if json { return try CLI.printJSON(r) }
            let f = twoDecimals
            // Issue 28's targets: the dense dev corpus ≥ 55 MB/s, the built-in dense text ≥ 45;
            // ordinary text ≥ 50.
            let target = dense == nil ? 50 : dense == "builtin" ? 45 : 55
            print("load \(loadAverage()); passages: \(r.passages) (\(f(r.megabytes)) MB), \(r.spans) spans redacted")
            print("redaction  \(f(r.megabytesPerSecond)) MB/s on one core (target ≥ \(target))")
            print("copy only  \(f(r.copyMegabytesPerSecond)) MB/s (reference: bytes → string round trip of the same passages)")
            print("names and addresses alone  \(f(r.namesAndAddressesMegabytesPerSecond)) MB/s (PERSON + STREET_ADDRESS, opt-in; target ≥ 20)")
            print("redaction with them on     \(f(r.withNamesAndAddressesMegabytesPerSecond)) MB/s")
            print("detector passes alone (MB/s, share of their sum):")
            for p in r.passes {
                print("  \(p.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(f(p.megabytesPerSecond))  \(Int((p.share * 100).rounded())) %")
            }
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Search latency against plain FTS5 asked the same OR question over the same tenant's rows (one shared table, tenant token), ids only and fetching the text; per-passage and fixed cost.",
            discussion: "Targets: p50 ≤ 1.5× and p99 ≤ 2× FTS5 fetching text, p50 ≤ 2.5× FTS5 ids only; ≤ 10 µs per passage, ≤ 40 µs fixed.")
        @Option(help: "Directory or .tar.gz of documents (default: a synthetic corpus).") var corpus: String?
        @Option(help: "Maximum documents to load.") var limit = 2000
        @Option(help: "Queries.") var queries = 200
        @Option(help: "Tenants the documents are spread over.") var tenants = 20
        @Option(help: "Passages per search.") var k = 10
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let docs = try loadCorpus(corpus, limit: limit, synthetic: min(limit, 3000))
            let r = try CLI.run { try SearchBenchmark.run(corpus: docs, queryCount: queries, topK: k, tenants: tenants) }
            if json { return try CLI.printJSON(r) }
            let f = twoDecimals
            func side(_ name: String, _ s: SearchBenchmark.Side) {
                print("\(name.padding(toLength: 40, withPad: " ", startingAt: 0)) p50 \(f(s.p50Micros)) µs  p99 \(f(s.p99Micros)) µs")
            }
            print("corpus: \(r.documents) documents, \(r.chunks) chunks in \(r.tenants) tenants; \(r.queries) queries, k = \(r.topK)")
            side("plain FTS5, tenant token, ids only", r.baselineIDs)
            side("plain FTS5, tenant token, with text", r.baselineText)
            side("ragvault (whole tenant readable)", r.ragvault)
            side("ragvault (≈1 % readable)", r.narrow)
            print(
                "ratios: p50 \(f(r.p50OverText)) (target ≤ 1.5), p99 \(f(r.p99OverText)) (target ≤ 2.0) over FTS5 with text; p50 \(f(r.p50OverIDs)) over ids only (target ≤ 2.5); narrow/broad p50 \(f(r.narrowOverBroad))"
            )
            print(
                "per passage: \(f(r.perPassageMicros)) µs (target ≤ 10; first read of each chunk \(f(r.perPassageColdMicros)) µs; FTS5 fetching text \(f(r.baselinePerPassageMicros)) µs)"
            )
            print("fixed (nothing matches): \(f(r.fixedMicros)) µs (target ≤ 40; FTS5 \(f(r.baselineFixedMicros)) µs)")
            print("time a search spends redacting, median share: \(f(r.redactionShareP50 * 100)) %")
            print(
                "long questions (\(r.longQueries) × 32 words): FTS5 with text p50 \(f(r.longBaseline.p50Micros)) µs p99 \(f(r.longBaseline.p99Micros)) µs; ragvault p50 \(f(r.longRagvault.p50Micros)) µs p99 \(f(r.longRagvault.p99Micros)) µs"
            )
        }
    }
}

extension Bench {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search throughput with the audit trail off, reads-relaxed (default), relaxed and strict, interleaved in one run.",
            discussion:
                "Targets: strict costs ≤ 15 % of throughput, relaxed ≤ 5 % (concurrent clients, as a server has them); the default adds ≤ 1 ms to a lone client's p50."
        )
        @Option(help: "Directory or .tar.gz of documents (default: a synthetic corpus).") var corpus: String?
        @Option(help: "Maximum documents to load.") var limit = 3000
        @Option(help: "Concurrent clients.") var clients = 8
        @Option(help: "Rounds (each runs every mode once, order rotated).") var rounds = 5
        @Option(help: "Searches per mode per round.") var searches = 800
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let docs = try loadCorpus(corpus, limit: limit, synthetic: min(limit, 3000))
            let r = try CLI.run { try AuditBenchmark.run(corpus: docs, clients: clients, rounds: rounds, searchesPerRound: searches) }
            if json { return try CLI.printJSON(r) }
            let f = twoDecimals
            print("\(r.chunks) chunks; \(r.clients) clients; \(r.rounds) rounds of \(r.searchesPerRound) searches per mode (medians)")
            for mode in r.modes {
                let target = mode.name == "strict" ? " (target ≤ 15 %)" : mode.name == "relaxed" ? " (target ≤ 5 %)" : ""
                print(
                    "audit \(mode.name.padding(toLength: 13, withPad: " ", startingAt: 0)) \(f(mode.throughput)) searches/s  cost \(f(mode.cost * 100)) %\(target)  one client p50 \(f(mode.sequentialP50Micros)) µs"
                )
            }
            print("strict group commit: \(f(r.strictRecordsPerSync)) records per sync")
            if let off = r.modes.first(where: { $0.name == "off" }), let byDefault = r.modes.first(where: { $0.name == "reads-relaxed" }) {
                print(
                    "default (reads-relaxed) adds \(f(byDefault.sequentialP50Micros - off.sequentialP50Micros)) µs to a lone client's p50 (target ≤ 1000)"
                )
            }
        }
    }

    struct Vectors: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The exact int8 vector leg against float32 brute force, a 1 % scope against a full one, hybrid against its legs.",
            discussion:
                "Targets: int8 top-10 over 200k × 384 ≥ 3× faster than float32 and ≤ 12 ms p50 on one core; 1 % scope ≤ 0.1× full; hybrid p50 ≤ text p50 + vector p50 + 0.3 ms (50k-chunk tenant); embedded model: query ≤ 15 ms p50, ≥ 10 chunks/s of 256 word pieces per core."
        )
        @Option(help: "Vectors in the kernel comparison.") var rows = 200_000
        @Option(help: "Dimensions.") var dims = 384
        @Option(help: "Queries per measurement.") var queries = 40
        @Option(help: "Chunks in the hybrid tenant.") var tenantChunks = 50_000
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let r = try CLI.run { try VectorBenchmark.run(rows: rows, dims: dims, queries: queries, tenantChunks: tenantChunks) }
            if json { return try CLI.printJSON(r) }
            let f = twoDecimals
            print("load \(loadAverage()); \(r.rows) × \(r.dims), top-10, one thread, \(r.simd ? "AVX2" : "portable loop")")
            print("  int8 p50 \(f(r.int8P50Ms)) ms (target ≤ 12), float32 p50 \(f(r.float32P50Ms)) ms: \(f(r.speedup))× (target ≥ 3)")
            print("  1 % scope p50 \(f(r.onePercentP50Ms)) ms: \(f(r.scopeRatio))× the full scope (target ≤ 0.1)")
            print("tenant of \(r.tenantChunks) chunks, k = 10, passages built")
            print(
                "  text \(f(r.textP50Ms)) ms, vector \(f(r.vectorP50Ms)) ms, hybrid \(f(r.hybridP50Ms)) ms: hybrid − both legs \(f(r.hybridOverheadMs)) ms (target ≤ 0.3)"
            )
            if let q = r.queryEmbeddingP50Ms, let c = r.chunksPerSecond {
                print("embedded model, one thread: query embedding p50 \(f(q)) ms (target ≤ 15), \(f(c)) chunks/s at 256 word pieces (target ≥ 10)")
            } else {
                print("embedded model not installed (make): not measured")
            }
        }
    }

    struct ANN: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ann",
            abstract: "Whether an IVF index would beat the exact vector leg: recall@10 and speed at 1 %, 10 % and 100 % of a tenant permitted.",
            discussion:
                "An index ships only if some probe count gives recall@10 ≥ 0.95 against exact search and ≥ 3× its speed at every scope (1M chunks), never fewer than k permitted rows. Needs ~2 GB of memory at 1M rows."
        )
        @Option(help: "Vectors.") var rows = 1_000_000
        @Option(help: "Dimensions.") var dims = 384
        @Option(help: "IVF lists.") var lists = 1024
        @Option(help: "Lists probed (at least; more until k permitted rows are found), comma-separated.") var probes = "8,16,32,64,128"
        @Option(help: "Queries per measurement.") var queries = 50
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let r = try CLI.run {
                let counts = probes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 }
                guard !counts.isEmpty else { throw RAGVaultError(.invalidInput, "--probes must list positive numbers, e.g. 8,16,32") }
                return try ANNBenchmark.run(rows: rows, dims: dims, lists: lists, probes: counts, queries: queries) { line in
                    if !json { print(line) }
                }
            }
            if json { return try CLI.printJSON(r) }
            print("load \(loadAverage()); \(r.rows) × \(r.dims), \(r.lists) lists built in \(twoDecimals(r.buildSeconds)) s, top-10, one thread")
            print("scope   probes  lists scanned  recall@10  IVF p50 ms  exact p50 ms  speedup  fewer than k")
            for row in r.results {
                print(
                    String(
                        format: "%5.0f %%  %6d  %13.1f  %9.3f  %10.2f  %12.2f  %6.2f×  %d", row.scope * 100, row.probes, row.listsScanned, row.recall,
                        row.p50Ms, row.exactP50Ms, row.speedup, row.fewerThanK))
            }
            print(
                r.ships
                    ? "an IVF index meets both targets at every scope" : "no probe count meets recall ≥ 0.95 and ≥ 3× at every scope: the exact leg stays")
        }
    }

    struct Hidden: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "How search time depends on matches the caller cannot see, with and without min_search_ms.",
            discussion:
                "Prints, per number of hidden matching chunks, the p50 of a search for a word found only in hidden chunks over one found nowhere (1.0 = no signal)."
        )
        @Option(help: "Hidden matching chunks per case (comma-separated).") var hidden = "0,300,3000,30000"
        @Option(help: "Visible chunks in every case.") var visible = 3000
        @Option(help: "Searches per word and case.") var samples = 200
        @Option(help: "The latency floor to test (min_search_ms).") var floor = 10
        @Option(help: "Chunks of the hidden document for the read routes.") var documentChunks = 344
        @Flag(help: "Print JSON.") var json = false

        struct Both: Encodable { let search: HiddenMatchBenchmark.Report; let reads: HiddenReadBenchmark.Report }

        func run() throws {
            let counts = hidden.split(separator: ",").compactMap { Int($0) }
            let r = try CLI.run { try HiddenMatchBenchmark.run(hidden: counts, visible: visible, samples: samples, floorMs: floor) }
            let reads = try CLI.run { try HiddenReadBenchmark.run(chunks: documentChunks, visible: visible, samples: samples * 2) }
            if json { return try CLI.printJSON(Both(search: r, reads: reads)) }
            let f = twoDecimals
            print("read routes, a hidden document of \(reads.hiddenDocumentChunks) chunks vs an absent id (p50; target ratio ≤ 1.05)")
            for route in reads.routes {
                print(
                    "  \(route.route.padding(toLength: 28, withPad: " ", startingAt: 0)) \(f(route.hiddenP50Micros)) vs \(f(route.absentP50Micros)) µs  ratio \(f(route.ratio))"
                )
            }
            print("visible chunks: \(r.visibleChunks); p50 of a search for a word only in hidden chunks vs a word found nowhere")
            for row in r.rows {
                print(
                    "hidden \(String(row.hiddenMatches).padding(toLength: 6, withPad: " ", startingAt: 0))  \(f(row.hiddenWordP50Micros)) vs \(f(row.absentWordP50Micros)) µs  ratio \(f(row.ratio))   with min_search_ms=\(r.floorMs): ratio \(f(row.flooredRatio)) (\(f(row.flooredHiddenP50Micros)) vs \(f(row.flooredAbsentP50Micros)) µs)"
                )
            }
        }
    }
}

/// The corpus at `path` (directory or .tar.gz), or a synthetic one of `synthetic` documents.
extension Bench {
    struct HTTP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "POST /v1/search on loopback vs the in-process Retriever, and searches spread over many tenants.",
            discussion: "Targets: ≥ 2,000 searches/s on 2 cores, HTTP adds ≤ 0.5 ms at p50, zero errors; cold store open p50/p99 ≤ 5 ms.")
        @Option(help: "Chunks in the demo tenant.") var chunks = 10_000
        @Option(help: "Concurrent HTTP clients.") var concurrency = 32
        @Option(help: "Seconds per throughput run.") var seconds = 5.0
        @Option(help: "Tenants for the spread run.") var tenants = 1000
        @Option(help: "Store pool capacity for the spread run.") var pool = 64
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let r = try await HTTPBenchmark.run(chunks: chunks, tenants: tenants, pool: pool, concurrency: concurrency, seconds: seconds)
            if json { return try CLI.printJSON(r) }
            let f = twoDecimals
            print("tenant of \(r.chunks) chunks, \(r.queries) queries, top_k 10")
            print(
                "latency p50  in process \(f(r.inProcessP50Micros)) µs  http \(f(r.httpP50Micros)) µs  http adds \(f(r.addedP50Micros / 1000)) ms (target ≤ 0.5)"
            )
            print("round trip   GET /healthz p50 \(f(r.healthP50Micros)) µs; authenticated, refused (403) p50 \(f(r.authOnlyP50Micros)) µs")
            print("response     top-10 search body p50: direct writer \(f(r.responseWriterMicros)) µs, JSONEncoder \(f(r.responseEncoderMicros)) µs")
            print(
                "404 p50      another tenant's chunk \(f(r.foreignChunkP50Micros)) µs, a forbidden chunk \(f(r.forbiddenChunkP50Micros)) µs, no such chunk \(f(r.missingChunkP50Micros)) µs"
            )
            print(
                "401 p50      wrong secret of a real key id \(f(r.wrongSecretP50Micros)) µs, unknown key id \(f(r.unknownKeyP50Micros)) µs; trimmed means \(f(r.wrongSecretMeanMicros)) / \(f(r.unknownKeyMeanMicros)) µs, ratio \(f(r.wrongSecretMeanMicros / max(1, r.unknownKeyMeanMicros))) (target within 1.02)"
            )
            print(
                "fairness     one tenant's searches alone p50 \(f(r.victimAloneP50Micros)) µs, \(Int(r.victimAlonePerSecond))/s; beside 2 connections of another tenant sending 64 KB bodies nested 13,000 deep (\(r.hostileBodiesRefused) refused) p50 \(f(r.victimUnderAttackP50Micros)) µs, \(Int(r.victimUnderAttackPerSecond))/s; throughput kept \(f(r.victimUnderAttackPerSecond / max(1, r.victimAlonePerSecond)))"
            )
            print("latency p99  in process \(f(r.inProcessP99Micros)) µs  http \(f(r.httpP99Micros)) µs")
            print(
                "throughput   in process \(Int(r.inProcessPerSecond))/s (all cores)  http \(Int(r.httpPerSecond))/s with \(r.concurrency) clients (target ≥ 2000)  ratio \(f(r.httpPerSecond / max(1, r.inProcessPerSecond)))"
            )
            if let perSecond = r.wrkPerSecond, let p50 = r.wrkSequentialP50Micros, let added = r.wrkAddedP50Micros {
                print(
                    "wrk (C client, the server alone): sequential p50 \(f(p50)) µs p99 \(f(r.wrkSequentialP99Micros ?? 0)) µs, http adds \(f(added / 1000)) ms (target ≤ 0.5); \(Int(perSecond))/s with \(r.concurrency) connections (target ≥ 2000)"
                )
            } else {
                print("wrk          not installed (apt-get install wrk): the server alone was not measured")
            }
            print("errors       \(r.httpErrors) (target 0)")
            print(
                "\(r.tenants) tenants, pool \(r.pool): cold open p50 \(f(r.coldOpenP50Micros / 1000)) ms p99 \(f(r.coldOpenP99Micros / 1000)) ms (target ≤ 5); resident \(Int(r.residentKBPerOpenStore)) KB per open store"
            )
            print("searches spread over them: p50 \(f(r.spreadP50Micros / 1000)) ms p99 \(f(r.spreadP99Micros / 1000)) ms, errors \(r.spreadErrors)")
        }
    }
}

extension Bench {
    struct Delegated: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Searches/s over HTTP as a plain search key and as a search:delegated key with an RS256 or EdDSA user token.",
            discussion: "Target: delegated searches ≤ 5 % fewer per second than with API keys (verified-key cache warm).")
        @Option(help: "Chunks in the tenant.") var chunks = 10_000
        @Option(help: "Concurrent HTTP clients.") var concurrency = 16
        @Option(help: "Seconds per throughput run.") var seconds = 2.0
        @Option(help: "Rounds of the three runs, alternated.") var rounds = 5
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let r = try await DelegatedBenchmark.run(chunks: chunks, concurrency: concurrency, seconds: seconds, rounds: rounds)
            if json { return try CLI.printJSON(r) }
            let f = twoDecimals
            print("tenant of \(r.chunks) chunks, \(r.concurrency) clients, \(r.rounds) rounds of \(seconds) s each, alternated")
            print(
                "verification in process p50, a token seen first: RS256 \(f(r.rs256FirstVerifyMicros)) µs, EdDSA \(f(r.eddsaFirstVerifyMicros)) µs (key cache warm); seen before: RS256 \(f(r.rs256VerifyMicros)) µs, EdDSA \(f(r.eddsaVerifyMicros)) µs"
            )
            print("searches/s   API key \(Int(r.apiKeyPerSecond))  delegated RS256 \(Int(r.rs256PerSecond))  delegated EdDSA \(Int(r.eddsaPerSecond))")
            print(
                "ratio        RS256 \(f(r.rs256PerSecond / max(1, r.apiKeyPerSecond)))  EdDSA \(f(r.eddsaPerSecond / max(1, r.apiKeyPerSecond))) (target ≥ 0.95)"
            )
            print("errors       \(r.errors) (target 0)")
        }
    }
}

private func loadCorpus(_ path: String?, limit: Int, synthetic: Int) throws -> BenchCorpus {
    try CLI.run { try path.map { try BenchCorpus.load(path: $0, limit: limit) } ?? BenchCorpus.synthetic(count: synthetic) }
}

/// Benchmark figures are printed with two decimals.
private func twoDecimals(_ x: Double) -> String { String(format: "%.2f", x) }

/// The 1, 5 and 15 minute load averages, printed beside figures a busy machine would lower.
private func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8).split(separator: " ").prefix(3).joined(separator: " ")) ?? "?"
}
