/// Ordered schema migrations for a SQLite file, recorded in `schema_migrations`.
///
/// Each migration runs in its own transaction together with its version row, so a crash
/// leaves the file at one version or the next, never between.
struct Migrations {
    let steps: [(version: Int, sql: String)]

    func apply(to db: Connection) throws {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        let current = try db.scalar("SELECT coalesce(max(version), 0) FROM schema_migrations").int ?? 0
        guard current <= steps.last?.version ?? 0 else {
            throw RAGVaultError(
                .storeConfiguration,
                "\(db.label) store has schema version \(current), newer than this ragvault understands; upgrade ragvault")
        }
        for step in steps where step.version > current {
            try db.transaction {
                try db.execute(step.sql)
                try db.run(
                    "INSERT INTO schema_migrations(version, applied_at) VALUES (?, datetime('now'))",
                    [.integer(Int64(step.version))])
            }
        }
    }
}
