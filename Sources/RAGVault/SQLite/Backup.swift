import CSQLite

/// Whole-database copy with SQLite's online backup API: page by page through both VFSs, so
/// copying between two encrypted files re-encrypts every page under the destination's key.
enum Backup {
    static func copy(from source: Connection, to destination: Connection) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", source.handle, "main") else {
            throw destination.error(sqlite3_errcode(destination.handle), context: "backup")
        }
        let step = sqlite3_backup_step(backup, -1)
        let finish = sqlite3_backup_finish(backup)
        guard step == SQLITE_DONE, finish == SQLITE_OK else {
            throw destination.error(step == SQLITE_DONE ? finish : step, context: "backup")
        }
    }
}
