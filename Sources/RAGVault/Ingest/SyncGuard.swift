/// What `--sync` may delete: the tenant's documents this run did not see — but never when the
/// run saw no document at all (an empty or unreadable path, a broken symlink), and not more
/// than half of the tenant unless the caller says so. A wrong path must cost a re-run, not
/// the tenant's documents.
public enum SyncGuard {
    /// Above this share of the tenant's documents, deleting needs `allowMassDelete`.
    public static let massDeleteShare = 0.5

    public static func doomed(store: TenantStore, seen: Set<String>, indexed: Int, allowMassDelete: Bool) throws -> [String] {
        let all = try store.documentIDs()
        let doomed = all.filter { !seen.contains($0) }
        guard !doomed.isEmpty else { return [] }
        guard indexed > 0 else {
            throw RAGVaultError(
                .syncRefused,
                "--sync refused: this run indexed no document (is the path right?), so it would delete all \(doomed.count) of tenant '\(store.tenant)'; nothing was deleted"
            )
        }
        if Double(doomed.count) > Double(all.count) * massDeleteShare && !allowMassDelete {
            throw RAGVaultError(
                .syncRefused,
                "--sync refused: it would delete \(doomed.count) of \(all.count) documents of tenant '\(store.tenant)' (over half); nothing was deleted — check the paths, or pass --allow-mass-delete"
            )
        }
        return doomed
    }
}
