import ArgumentParser
import Foundation
import RAGVault
import RAGVaultEval

struct Redact: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Redact secrets and PII from a file or stdin.",
        discussion: """
            Prints the redacted text, or with --json {"spans":[{"start","end","type","detector"}],"text"} \
            with offsets in Unicode code points of the input. With --tenant, that tenant's policy \
            and pseudonym key apply; otherwise every PII type is masked.
            """)
    @OptionGroup var options: DataOptions
    @Option(help: "Apply this tenant's redaction policy.") var tenant: String?
    @Flag(help: "Print spans as JSON.") var json = false
    @Argument(help: "File to read (default: stdin).") var file: String?

    struct Span: Encodable { let start: Int; let end: Int; let type: String; let detector: String }
    struct Output: Encodable { let spans: [Span]; let text: String }

    /// Read and redacted in segments of about this many bytes (cut between paragraphs, see
    /// `StreamingRedaction`): memory stays bounded whatever the input's size. An input that
    /// fits in one segment is redacted whole.
    static let segmentBytes = 1 << 20

    func run() throws {
        let handle: FileHandle
        if let file {
            guard let opened = FileHandle(forReadingAtPath: file) else {
                FileHandle.standardError.write(Data("error: cannot read \(file) [invalid_input]\n".utf8))
                throw ExitCode(2)
            }
            handle = opened
        } else {
            handle = FileHandle.standardInput
        }
        var redactor = Redactor()
        var policy = RedactionPolicy.default
        if let tenant {
            let vault = try options.openVault()
            (redactor, policy) = try CLI.run { try vault.redaction(for: tenant) }
        }
        // Bytes are kept exactly as given (a leading byte-order mark included), so spans index
        // the caller's own text.
        let stream = StreamingRedaction(redactor: redactor, policy: policy, target: Self.segmentBytes)
        let read = { try handle.read(upToCount: 1 << 20) }
        let out = FileHandle.standardOutput
        var spans: [Span] = [] // of the first segment; later ones go to `spill`
        var spill: SpanSpill?
        var segments = 0
        var firstText = ""
        try CLI.run {
            try stream.run(read: read) { text, found in
                let found = found.map { Span(start: $0.start, end: $0.end, type: $0.type.rawValue, detector: $0.detector) }
                segments += 1
                if !json {
                    out.write(Data(text.utf8))
                } else if segments == 1 {
                    (firstText, spans) = (text, found) // one segment: printed whole below, as before
                } else {
                    if segments == 2 {
                        try Self.startJSON(with: firstText, to: out)
                        spill = try SpanSpill()
                        try spill?.append(spans)
                        spans = []
                    }
                    try Self.appendJSON(text, to: out)
                    try spill?.append(found)
                }
            }
        }
        guard json else { return }
        if segments <= 1 {
            try CLI.printJSON(Output(spans: spans, text: firstText))
        } else {
            // Large input: the text was streamed first; the spans follow (key order is not
            // significant in JSON), from the spill file, so neither is ever held whole.
            out.write(Data("\",\"spans\":[".utf8))
            try spill?.copy(to: out)
            out.write(Data("]}\n".utf8))
        }
    }

    static func startJSON(with text: String, to out: FileHandle) throws {
        out.write(Data("{\"text\":\"".utf8))
        try appendJSON(text, to: out)
    }

    /// `text` as the inside of a JSON string.
    static func appendJSON(_ text: String, to out: FileHandle) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let quoted = try encoder.encode(text)
        out.write(quoted.dropFirst().dropLast())
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Evaluate engines on labelled data.", subcommands: [Redaction.self, Retrieval.self])

    struct Redaction: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Precision, recall and F1 per entity type on a labelled JSONL corpus.")
        @Option(help: "Labelled JSONL file (e.g. shared/corpus/redaction-dev.jsonl).") var corpus: String
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Print each miss (for development).") var verbose = false
        @Option(help: "Opt-in types to look for too, comma-separated, or none.") var optIn = "PERSON,STREET_ADDRESS"

        func run() throws {
            let report = try CLI.run {
                let names = optIn == "none" ? [] : optIn.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let types = try names.map { name in
                    guard let type = EntityType(rawValue: name), type.isOptIn else {
                        throw RAGVaultError(.invalidInput, "--opt-in takes PERSON, STREET_ADDRESS or none, not '\(name)'")
                    }
                    return type
                }
                return try RedactionEvaluation.run(
                    corpus: corpus, redactor: Redactor(contextual: Set(types)),
                    misses: verbose
                        ? { kind, text in
                            print("\(kind): \(text.prefix(160).replacingOccurrences(of: "\n", with: "⏎"))")
                        } : nil)
            }
            if json { return try CLI.printJSON(report) }
            let f = { (x: Double) in String(format: "%.3f", x) }
            print("records: \(report.records)")
            print("type              tp    fp    fn  precision recall   f1")
            for (name, s) in report.types.sorted(by: { $0.key < $1.key }) {
                print(
                    name.padding(toLength: 16, withPad: " ", startingAt: 0),
                    String(format: "%5d %5d %5d", s.truePositives, s.falsePositives, s.falseNegatives),
                    "  \(f(s.precision))    \(f(s.recall))  \(f(s.f1))")
            }
            // Each secret score only over the records that carry its level.
            for (label, score) in [("SECRET (span)   ", report.secretSpans), ("SECRET (doc)    ", report.secretDocuments)] {
                guard let d = score else { continue }
                print(
                    label, String(format: "%5d %5d %5d", d.truePositives, d.falsePositives, d.falseNegatives),
                    "  \(f(d.precision))    \(f(d.recall))  \(f(d.f1))")
            }
            if !report.secretMisses.isEmpty {
                print("SECRET misses by reason: " + report.secretMisses.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            print("character recall of labelled in-scope spans: \(f(report.characterRecall))")
            print(
                "not detected (need NER or not implemented): "
                    + report.notDetected.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
    }
}

extension MatchMode: ExpressibleByArgument {}

extension Eval {
    struct Retrieval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ranking quality on a judged BEIR collection (corpus.jsonl, queries.jsonl, qrels.tsv) through the product.",
            discussion: """
                Indexes the corpus into a throw-away encrypted tenant, runs every judged query through \
                the Retriever as a full-access principal and prints nDCG@10, Recall@100, MRR@10 and \
                latency, next to plain FTS5 bm25() over the same words ORed in the same run. \
                --acl-split N gives each document one of N roles and checks that a principal holding \
                k roles gets exactly the ranking of a tenant holding only the permitted documents.
                """)
        @Option(help: "The collection's directory (e.g. shared/corpus/cranfield).") var corpus: String
        @Option(help: "How query words combine: natural, all or any.") var match: MatchMode = .natural
        @Option(name: .customLong("acl-split"), help: "Give each document one of N roles and check scoped rankings (0: off).") var aclSplit = 0
        @Option(help: "Column weights title,heading,body.") var weights = "3,2,1"
        @Option(help: "Comma-separated stopwords instead of the English list ('none' for none).") var stopwords: String?
        @Flag(help: "Vector and hybrid search with the embedded model (\(SentenceEncoder.modelName)): BM25, vector, RRF and convex fusions.")
        var embed = false
        @Option(help: "Vector and hybrid search with your vectors: a folder with corpus.vectors.jsonl and queries.vectors.jsonl ({\"_id\", \"embedding\"}).")
        var vectors: String?
        @Flag(help: "With --embed or --vectors: pick the fusion on half the queries, report it on the other half (both ways).")
        var tuneSplit = false
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            if embed || vectors != nil { return try runHybrid() }
            var options = RetrievalEvaluation.Options()
            options.match = match
            options.aclSplit = aclSplit
            let w = weights.split(separator: ",").compactMap { Double($0) }
            try CLI.run {
                guard w.count == 3 else { throw RAGVaultError(.invalidInput, "--weights takes three numbers: title,heading,body") }
            }
            (options.weights.title, options.weights.heading, options.weights.body) = (w[0], w[1], w[2])
            options.stopwords = stopwords.map { $0 == "none" ? [] : $0.split(separator: ",").map(String.init) }
            let report = try CLI.run { try RetrievalEvaluation.run(collection: try BEIRCollection.load(directory: corpus), options: options) }
            if json { return try CLI.printJSON(report) }
            let f = { (x: Double) in String(format: "%.3f", x) }
            print(
                "documents \(report.documents) (\(report.chunks) chunks), judged queries \(report.queries), match \(report.match.rawValue); \(report.queriesWithoutResults) queries without results"
            )
            print("                      nDCG@10  Recall@100  MRR@10  p50 ms  p99 ms")
            for (name, s) in [("ragvault", report.ragvault), ("plain FTS5 OR bm25", report.baseline)] {
                print(
                    name.padding(toLength: 20, withPad: " ", startingAt: 0),
                    "  \(f(s.ndcgAt10))    \(f(s.recallAt100))    \(f(s.mrrAt10))  \(f(s.latencyP50Ms))  \(f(s.latencyP99Ms))")
            }
            if let split = report.aclSplit {
                print(
                    "acl split over \(split.roles) roles: \(split.queriesChecked) queries checked, \(split.mismatches) rankings differ from a tenant holding only the permitted documents"
                        + (split.examples.isEmpty ? "" : " (e.g. \(split.examples.joined(separator: ", ")))"))
            }
            if report.aclSplit.map({ $0.mismatches > 0 }) ?? false { throw ExitCode(1) }
        }

        func runHybrid() throws {
            var options = HybridEvaluation.Options()
            options.vectorsDirectory = vectors
            options.tuneSplit = tuneSplit
            let report = try CLI.run { try HybridEvaluation.run(collection: try BEIRCollection.load(directory: corpus), options: options) }
            if json { return try CLI.printJSON(report) }
            let f = { (x: Double) in String(format: "%.3f", x) }
            print(
                "documents \(report.documents) (\(report.chunks) chunks), judged queries \(report.queries), vectors: \(report.vectors), indexed in \(String(format: "%.1f", report.indexSeconds)) s"
            )
            print("method                  nDCG@10  MRR@10  wins/losses vs bm25  p (paired, vs bm25)")
            for m in report.methods {
                print(
                    m.name.padding(toLength: 22, withPad: " ", startingAt: 0),
                    "  \(f(m.ndcgAt10))   \(f(m.mrrAt10))  \(String(m.wins).leftPad(4))/\(String(m.losses).padding(toLength: 4, withPad: " ", startingAt: 0))            \(m.name == "bm25" ? "-" : String(format: "%.4f", m.pValue))"
                )
            }
            for s in report.tuneSplit ?? [] {
                print(
                    "tune-split: picked on the \(s.tunedOn): \(s.picked); held-out nDCG@10 \(f(s.ndcgHeldOut)) vs bm25 \(f(s.bm25HeldOut)) (p \(String(format: "%.4f", s.pValueHeldOut)))"
                )
            }
        }
    }
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}

/// Spans of a large input, kept on disk until the text has been printed: an unlinked
/// temporary file (offsets, types and detector names only — never text).
final class SpanSpill {
    private let fd: Int32
    private var first = true
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/ragvault-spans-XXXXXX").utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw RAGVaultError(.invalidInput, "cannot create a temporary file for the spans") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    deinit { close(fd) }

    func append(_ spans: [Redact.Span]) throws {
        var data = Data()
        for span in spans {
            if !first { data.append(UInt8(ascii: ",")) }
            first = false
            data += try encoder.encode(span)
        }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count else { throw RAGVaultError(.invalidInput, "cannot write the spans' temporary file") }
    }

    func copy(to out: FileHandle) throws {
        lseek(fd, 0, SEEK_SET)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            out.write(Data(buffer[0..<n]))
        }
    }
}
