import Foundation

/// Crash-safe file replacement and removal.
package enum DurableFile {
    /// Writes `bytes` to a temp file beside `path`, fsyncs it, renames it over `path` and
    /// fsyncs the directory: after a crash the file is either wholly old or wholly new.
    static func replace(_ path: String, with bytes: [UInt8], mode: mode_t) throws {
        let temp = path + ".tmp-" + Sodium.randomHex(4)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("create", temp) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced else {
            unlink(temp)
            throw failure("write", temp)
        }
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw failure("rename", path)
        }
        syncDirectory(of: path)
    }

    /// Removes a SQLite file and its WAL and shared-memory companions.
    package static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
        syncDirectory(of: path)
    }

    static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    private static func failure(_ action: String, _ path: String) -> RAGVaultError {
        RAGVaultError(.dataDirectoryInvalid, "cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}
