import Foundation

/// What one `embedMissingVectors` run did.
public struct EmbeddingRun: Codable, Equatable, Sendable {
    /// Documents whose chunks got vectors, and those chunks.
    public var documents = 0
    public var chunks = 0
    /// Documents replaced or deleted while the run embedded them (they hold their own vectors now).
    public var skipped = 0
}

extension Vault {
    /// Gives every chunk of the tenant that holds no vector of its current model and dimension
    /// one from the tenant's embedder (the embedded model or its endpoint), from the chunk's
    /// index form as ingest does: after a tenant with documents opts in, or after its model
    /// changed (stale vectors). A document at a time, each written whole; a failure (say
    /// `embedder_unavailable`) stops the run, keeping what was written — run it again to go on.
    /// Audited as `vectors.embed` with the counts.
    @discardableResult
    public func embedMissingVectors(
        tenant: String, subject: String? = nil, audit: AuditContext? = nil, progress: (EmbeddingRun) -> Void = { _ in }
    ) throws -> EmbeddingRun {
        try audited(audit, "vectors.embed", tenant: tenant, subject: subject) { record in
            let store = try store(for: tenant)
            guard let config = try store.vectorConfig(), config.embedder != nil else {
                throw RAGVaultError(
                    .vectorsNotConfigured,
                    "tenant '\(tenant)' has no embedder (ragvault vectors set --embedder embedded|endpoint); its callers send their vectors")
            }
            let key = config.embedder == .endpoint ? try store.embedderKey() : nil
            // Forms without what the tenant's policy masks, names and addresses included.
            let policy = try policy(for: tenant)
            try Self.indexFollows(policy, store)
            let forms = Redactor(contextual: policy.contextualTypes)
            var run = EmbeddingRun()
            defer { record.after = .of(run) }
            for document in try store.documentsNeedingVectors(config) {
                guard let pending = try store.chunksToEmbed(document: document, config), !pending.chunks.isEmpty else { continue }
                let title = IndexForm.make(pending.title, redactor: forms).indexText(pending.title)
                let texts = pending.chunks.map { ChunkEmbedding.text(title: title, headingPath: $0.headingPath, body: $0.text, redactor: forms) }
                let stored = Array(zip(pending.chunks.map(\.id), try ChunkEmbedding.storedVectors(texts, config: config, key: key)))
                if try store.setChunkVectors(document: document, version: pending.version, stored) {
                    run.documents += 1
                    run.chunks += stored.count
                } else {
                    run.skipped += 1
                }
                progress(run)
            }
            return run
        }
    }
}
