import Foundation
import RAGVault

/// Documents for benchmarks: a directory (or .tar.gz) of text files, or a deterministic
/// synthetic corpus with a Zipf-like vocabulary when none is given.
public struct BenchCorpus: Sendable {
    public let documents: [DocumentRecord]
    /// Distinct words to draw queries from, most frequent first.
    public let vocabulary: [String]
    public var bytes: Int { documents.reduce(0) { $0 + $1.chunks.reduce(0) { $0 + $1.text.utf8.count } } }

    /// A directory to read a corpus from: `path` itself, or a temp extraction of a `.tar.gz`
    /// (removed by `cleanup`).
    public static func materialise(_ path: String) throws -> (root: String, cleanup: () -> Void) {
        guard path.hasSuffix(".tar.gz") || path.hasSuffix(".tgz") else { return (path, {}) }
        let dir = NSTemporaryDirectory() + "ragvault-bench-corpus-" + Sodium.randomHex(4)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["-xzf", path, "-C", dir]
        try tar.run()
        tar.waitUntilExit()
        guard tar.terminationStatus == 0 else {
            try? FileManager.default.removeItem(atPath: dir)
            throw RAGVaultError(.invalidInput, "could not extract \(path) (tar exit \(tar.terminationStatus))")
        }
        return (dir, { try? FileManager.default.removeItem(atPath: dir) })
    }

    /// Loads text files (`.txt .md .rst .html`) below `path`, or extracts a `.tar.gz` first.
    public static func load(path: String, limit: Int) throws -> BenchCorpus {
        let (root, cleanup) = try materialise(path)
        defer { cleanup() }
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw RAGVaultError(.invalidInput, "corpus \(path) is not a readable directory")
        }
        let extensions: Set<String> = ["txt", "md", "rst", "html", "htm"]
        var files = walker.compactMap { $0 as? String }.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
        files.sort()
        var documents: [DocumentRecord] = []
        var counts: [String: Int] = [:]
        for file in files.prefix(limit) {
            guard let data = FileManager.default.contents(atPath: root + "/" + file),
                let text = String(data: data, encoding: .utf8), !text.isEmpty
            else { continue }
            documents.append(document(id: file, text: text, index: documents.count))
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) where word.count > 2 {
                counts[String(word), default: 0] += 1
            }
        }
        guard !documents.isEmpty else { throw RAGVaultError(.invalidInput, "corpus \(path) holds no text documents") }
        return BenchCorpus(documents: documents, vocabulary: counts.sorted { $0.value > $1.value }.map(\.key))
    }

    /// A deterministic synthetic corpus of `count` documents.
    public static func synthetic(count: Int, seed: UInt64 = 42) -> BenchCorpus {
        var random = SplitMix64(seed: seed)
        let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "xe", "zu", "pra", "ter", "bin", "dal", "gor", "hex"]
        var vocabulary: [String] = []
        var seen = Set<String>()
        while vocabulary.count < 4000 {
            let length = 2 + Int(random.next() % 3)
            let word = (0..<length).map { _ in syllables[Int(random.next() % UInt64(syllables.count))] }.joined()
            if seen.insert(word).inserted { vocabulary.append(word) }
        }
        let documents = (0..<count).map { i -> DocumentRecord in
            let words = (0..<(300 + Int(random.next() % 500))).map { _ in
                // Zipf-like: squaring a uniform draw favours the front of the vocabulary.
                let u = Double(random.next() % 1_000_000) / 1_000_000
                return vocabulary[min(vocabulary.count - 1, Int(u * u * u * Double(vocabulary.count)))]
            }
            return document(id: "doc-\(i)", text: words.joined(separator: " "), index: i)
        }
        return BenchCorpus(documents: documents, vocabulary: vocabulary)
    }

    /// Splits text into ~1,000-byte chunks at spaces (a stand-in for the real chunker).
    static func document(id: String, text: String, index: Int) -> DocumentRecord {
        var chunks: [ChunkRecord] = []
        let utf8 = Array(text.utf8)
        var start = 0
        while start < utf8.count {
            var end = min(utf8.count, start + 1000)
            while end < utf8.count, end > start + 500, utf8[end] != 0x20 { end -= 1 }
            let piece = String(decoding: utf8[start..<end], as: UTF8.self)
            chunks.append(ChunkRecord(ordinal: chunks.count, startOffset: start, endOffset: end, text: piece))
            start = end
        }
        let roles = ["role:eng", "role:sales", "role:hr", "role:finance", "role:support"]
        return DocumentRecord(
            externalID: id, title: id, contentHash: String(text.hashValue),
            acl: AccessList(allow: [roles[index % roles.count]]), chunks: chunks)
    }
}
