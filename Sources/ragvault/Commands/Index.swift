import ArgumentParser
import Foundation
import RAGVault

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Index documents (Markdown, reST, HTML, text, NDJSON/JSON batches) into a tenant.",
        discussion: """
            Access lists come from ragvault.acl.json manifests (inherited by subfolders, \
            per-file glob rules) or --allow for files no manifest covers; a file with no access \
            list is refused, never made public (opt in with --allow tenant:*). --deny adds to \
            every document. Secrets are scrubbed before anything is stored.
            """)
    @OptionGroup var options: DataOptions
    @Option(help: "Tenant to index into.") var tenant: String
    @Option(parsing: .singleValue, help: "Default allow entry (repeatable): role:NAME, group:NAME, user:ID, tenant:*.") var allow: [String] = []
    @Option(parsing: .singleValue, help: "Deny entry added to every document (repeatable).") var deny: [String] = []
    @Flag(help: "Delete documents of the tenant that are not in this set.") var sync = false
    @Flag(help: "With --sync: do not ask before deleting.") var yes = false
    @Flag(help: "With --sync: allow deleting more than half of the tenant's documents.") var allowMassDelete = false
    @Option(help: "Chunk size target in characters.") var chunkSize = 1000
    @Option(help: "Chunk overlap in characters.") var overlap = 150
    @Option(help: "Maximum document size in bytes.") var maxBytes = 20_000_000
    @Flag(help: "Print the summary as JSON.") var json = false
    @Argument(help: "Files or directories.") var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or directory to index") }
        for principal in allow + deny {
            do { try PrincipalName.validate(principal) } catch let e as RAGVaultError { throw ValidationError(e.message) }
        }
    }

    func run() throws {
        let vault = try options.openVault()
        let indexer = try CLI.run { try vault.indexer(for: tenant, chunker: Chunker(targetSize: chunkSize, overlap: overlap)) }
        let source = DirectorySource(paths: paths, defaultAllow: allow, extraDeny: deny, maxDocumentBytes: maxBytes)
        let progress = Progress(total: source.plan(), enabled: !json && isatty(2) == 1)
        let start = Date()
        var (summary, _) = try CLI.run {
            try vault.auditedIngest(tenant: tenant) {
                var (summary, seen) = try IndexPipeline(indexer: indexer).run(source) { bytes in
                    progress.update(files: bytes > 0 ? 1 : 0, bytes: Int64(bytes))
                }
                progress.finish()
                if sync { summary.deleted = try syncDeletions(indexer: indexer, seen: seen, summary: summary) }
                return (summary, seen)
            }
        }
        try CLI.run { try indexer.store.optimize() }
        summary.seconds = Date().timeIntervalSince(start)
        if json {
            try CLI.printJSON(summary)
            return try Self.exitIfNothingIndexed(summary)
        }
        print(
            "added \(summary.added), updated \(summary.updated), acl updated \(summary.aclUpdated), unchanged \(summary.unchanged), deleted \(summary.deleted), skipped \(summary.skipped.count)"
        )
        for skip in summary.skipped { print("  skipped \(skip.id): \(skip.reason) [\(skip.code)]") }
        print(
            "flags: \(summary.secretsScrubbed) secret(s) scrubbed, \(summary.possibleInjectionChunks) chunk(s) with possible injection, \(summary.invisibleCharactersRemoved) invisible character(s) removed"
        )
        print(String(format: "%.2f MB in %.2f s (%.2f MB/s)", Double(summary.bytes) / 1e6, summary.seconds, summary.megabytesPerSecond))
        try Self.exitIfNothingIndexed(summary)
    }

    /// Exit 1 when every input was refused (a script should notice); skips among successes
    /// are reported but exit 0.
    /// `--sync`: deletes what this run did not see, after the guard and a confirmation.
    private func syncDeletions(indexer: Indexer, seen: Set<String>, summary: IndexSummary) throws -> Int {
        let indexed = summary.added + summary.updated + summary.unchanged + summary.aclUpdated
        let doomed = try SyncGuard.doomed(store: indexer.store, seen: seen, indexed: indexed, allowMassDelete: allowMassDelete)
        guard !doomed.isEmpty else { return 0 }
        if yes || (isatty(0) == 1 && CLI.confirm("--sync: delete \(doomed.count) document(s) of '\(tenant)' not in this set?")) {
            return try indexer.store.deleteDocuments(notIn: seen)
        }
        FileHandle.standardError.write(Data("--sync: \(doomed.count) document(s) not in this set were kept (confirm, or pass --yes)\n".utf8))
        return 0
    }

    static func exitIfNothingIndexed(_ summary: IndexSummary) throws {
        let indexed = summary.added + summary.updated + summary.unchanged + summary.aclUpdated
        if indexed == 0 && !summary.skipped.isEmpty { throw ExitCode(1) }
    }
}

/// A one-line progress bar on stderr: documents, MB, rate, ETA.
final class Progress {
    let total: (files: Int, bytes: Int64)
    let enabled: Bool
    private var files = 0
    private var bytes: Int64 = 0
    private let start = Date()
    private var lastDraw = Date.distantPast

    init(total: (files: Int, bytes: Int64), enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func update(files: Int, bytes: Int64) {
        self.files += files
        self.bytes += bytes
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        let elapsed = max(0.001, Date().timeIntervalSince(start))
        let rate = Double(self.bytes) / 1e6 / elapsed
        let fraction = total.bytes > 0 ? min(1, Double(self.bytes) / Double(total.bytes)) : 0
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let line = String(
            format: "\r[%@] %d/%d docs  %.1f/%.1f MB  %.2f MB/s  ETA %.0fs ", bar, self.files, total.files,
            Double(self.bytes) / 1e6, Double(total.bytes) / 1e6, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
