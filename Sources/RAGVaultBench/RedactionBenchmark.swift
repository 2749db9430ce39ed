import Foundation
import RAGVault

/// `ragvault bench redaction`: MB/s of `Redactor.redact` on one core over 2–8 KB passages of
/// real text with planted secrets and PII (one every ~600 bytes).
public enum RedactionBenchmark {
    public struct Report: Encodable, Sendable {
        public var passages: Int
        public var megabytes: Double
        public var spans: Int
        public var seconds: Double
        public var megabytesPerSecond: Double
        /// Copying each passage to bytes and back to a string: the floor any in-process
        /// redactor pays, measured in this run as a machine-speed reference.
        public var copyMegabytesPerSecond: Double
        /// Share of detection time per detector pass (evasion view and merging not included).
        public var passes: [PassCost]
        /// The opt-in PERSON and STREET_ADDRESS detectors alone, together (one word scan).
        public var namesAndAddressesMegabytesPerSecond: Double
        /// `redact` for a tenant whose policy turns both on.
        public var withNamesAndAddressesMegabytesPerSecond: Double
    }

    public struct PassCost: Encodable, Sendable {
        public var name: String
        public var megabytesPerSecond: Double
        public var share: Double
    }

    static let planted = [
        "jane.doe@example.org", "+1 415 555 0134", "4111 1111 1111 1111", "GB82 WEST 1234 5698 7654 32", "536-22-8471",
        "10.20.30.40", "ghp_R2x8mQ7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uG", "AKIAQ3EGRVNWXK2ZLM7P", "password = \"Tr1cky!pass\"",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
    ]

    /// `dense`: `builtin` for RAGVault's own secret-dense text (`DenseRedactionCorpus`), or a
    /// labelled JSONL corpus (such as `shared/corpus/redaction-dev.jsonl`) whose texts —
    /// configs, logs, shell, SQL, chat, already full of secrets and PII — are cut into 2–8 KB
    /// passages as they are, with nothing planted.
    public static func run(corpus: String?, megabytes: Int, dense: String? = nil) throws -> Report {
        let source: String
        if dense == "builtin" {
            source = DenseRedactionCorpus.text(bytes: 2_000_000)
        } else if let dense {
            var texts: [String] = []
            try NDJSONBatch.forEachLine(of: dense, maxLineBytes: 64 << 20) { _, content in
                guard case .line(let data) = content,
                    let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                    let text = object["text"] as? String, !text.isEmpty
                else { return }
                texts.append(text)
            }
            guard !texts.isEmpty else { throw RAGVaultError(.invalidInput, "\(dense) holds no records with a \"text\"") }
            source = texts.joined(separator: "\n")
        } else if let corpus {
            let docs = try BenchCorpus.load(path: corpus, limit: 2000).documents
            source = docs.flatMap { $0.chunks.map(\.text) }.joined(separator: "\n")
        } else {
            source = BenchCorpus.synthetic(count: 300).documents.flatMap { $0.chunks.map(\.text) }.joined(separator: "\n")
        }
        let text = Array(source.utf8)
        var random = SplitMix64(seed: 11)
        var passages: [String] = []
        var total = 0
        var offset = 0
        while total < megabytes * 1_000_000 {
            let length = 2000 + Int(random.next() % 6000)
            if offset + length >= text.count { offset = 0 }
            var pieces: [String] = []
            var k = offset
            while k < offset + length {
                let step = min(600, offset + length - k)
                var end = k + step
                while end < text.count && (text[end] & 0xC0) == 0x80 { end += 1 } // whole code points
                pieces.append(String(decoding: text[k..<end], as: UTF8.self))
                if dense == nil { pieces.append(" " + planted[Int(random.next() % UInt64(planted.count))] + " ") }
                k = end
            }
            let passage = pieces.joined()
            passages.append(passage)
            total += passage.utf8.count
            offset += length
        }
        let redactor = Redactor(pseudonymKey: Array(repeating: 7, count: 32))
        var spans = 0
        let seconds = Stopwatch.time { for p in passages { spans += redactor.redact(p).spans.count } }
        var copied = 0
        let copy = Stopwatch.time {
            for p in passages { copied += String(decoding: Array(p.utf8), as: UTF8.self).utf8.count }
        }
        let mb = Double(total) / 1_000_000
        let bytes = passages.map { Array($0.utf8) }
        let unused = ScanIndex(UnsafeBufferPointer(start: nil, count: 0)) // the pass makes its own word scan
        let contextual = Stopwatch.time {
            for p in bytes {
                var out: [Candidate] = []
                p.withUnsafeBufferPointer { Redactor.contextualPass.scan($0, unused, &out) }
                spans += out.count
            }
        }
        let optIn = Redactor(pseudonymKey: Array(repeating: 7, count: 32), contextual: [.person, .streetAddress])
        let policy = RedactionPolicy(pii: ["PERSON": .mask, "STREET_ADDRESS": .mask])
        let withOptIn = Stopwatch.time { for p in passages { spans += optIn.redact(p, policy: policy).spans.count } }
        return Report(
            passages: passages.count, megabytes: mb, spans: spans, seconds: seconds,
            megabytesPerSecond: mb / seconds, copyMegabytesPerSecond: Double(copied) / 1_000_000 / copy,
            passes: passCosts(passages, megabytes: mb), namesAndAddressesMegabytesPerSecond: mb / contextual,
            withNamesAndAddressesMegabytesPerSecond: mb / withOptIn)
    }

    /// Times each detector pass alone over the same passages.
    static func passCosts(_ passages: [String], megabytes: Double) -> [PassCost] {
        let bytes = passages.map { Array($0.utf8) }
        var found = 0 // consumed below so the optimiser keeps every scan
        let indexTime = Stopwatch.time {
            for p in bytes { found += p.withUnsafeBufferPointer { ScanIndex($0).count } }
        }
        let indexes = bytes.map { p in p.withUnsafeBufferPointer { ScanIndex($0) } }
        let timed =
            [("scan_index", indexTime)]
            + Redactor.passes.map { pass in
                (
                    pass.name,
                    Stopwatch.time {
                        for (p, index) in zip(bytes, indexes) {
                            var out: [Candidate] = []
                            p.withUnsafeBufferPointer { pass.scan($0, index, &out) }
                            found += out.count
                        }
                    }
                )
            }
        precondition(found >= 0)
        let sum = timed.reduce(0) { $0 + $1.1 }
        return timed.map { PassCost(name: $0.0, megabytesPerSecond: megabytes / $0.1, share: $0.1 / sum) }
    }
}
