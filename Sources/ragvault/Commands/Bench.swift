import ArgumentParser
import Foundation
import RAGVault

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print ratios against a baseline measured in the same run (use a release build).",
        subcommands: [Storage.self])

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
            let docs = try CLI.run { try corpus.map { try BenchCorpus.load(path: $0, limit: limit) } ?? BenchCorpus.synthetic(count: limit) }
            let r = try CLI.run { try StorageBenchmark.run(corpus: docs, queryCount: queries, rounds: rounds) }
            if json { return try CLI.printJSON(r) }
            let f = { (x: Double) in String(format: "%.2f", x) }
            print("corpus: \(r.documents) documents, \(r.chunks) chunks, \(f(r.megabytes)) MB")
            print("bulk insert  plain \(f(r.megabytes / r.plainInsertSeconds)) MB/s  encrypted \(f(r.megabytes / r.encryptedInsertSeconds)) MB/s  ratio \(f(r.insertRatio)) (target ≤ 1.30)")
            print("query p50    plain \(f(r.plainP50Micros)) µs  encrypted \(f(r.encryptedP50Micros)) µs  ratio \(f(r.queryP50Ratio)) (target ≤ 1.15)")
            print("query p99    plain \(f(r.plainP99Micros)) µs  encrypted \(f(r.encryptedP99Micros)) µs  ratio \(f(r.queryP99Ratio))")
        }
    }
}
