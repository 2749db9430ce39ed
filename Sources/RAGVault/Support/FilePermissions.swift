import Foundation

/// Checks that secrets and the data directory are not readable by anyone but their owner.
enum FilePermissions {
    /// Throws unless `path` grants nothing to group or others (0600/0700 or stricter).
    static func requireOwnerOnly(_ path: String, kind: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw RAGVaultError(.dataDirectoryInvalid, "cannot inspect \(kind) \(path): \(String(cString: strerror(errno)))")
        }
        // The owner must be the user running ragvault: a key file (or a symlink to one) owned
        // by someone else could be swapped by them; another user's data directory cannot be
        // read anyway, and saying so beats "not a data directory".
        if info.st_uid != getuid() {
            throw RAGVaultError(
                .insecurePermissions,
                "\(kind) \(path) belongs to another user (uid \(info.st_uid)); permission denied — run ragvault as its owner")
        }
        let loose = info.st_mode & 0o077
        if loose != 0 {
            let mode = String(info.st_mode & 0o777, radix: 8)
            let wanted = (info.st_mode & S_IFMT) == S_IFDIR ? "700" : "600"
            throw RAGVaultError(
                .insecurePermissions,
                "\(kind) \(path) has mode \(mode), readable by others; run 'chmod \(wanted) \(path)' and retry")
        }
    }
}
