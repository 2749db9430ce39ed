import Foundation

/// An advisory lock on `<data>/vault.lock` (flock), across processes.
///
/// Operations that create files before the catalog or `vault.json` names them (tenant
/// creation, key rotations) and tenant deletion hold it exclusively; cleanup of unreferenced
/// files (`Vault.removeLeftovers`) runs only when it can take it at once, so it never removes
/// another process's work in progress. Released when the value is dropped.
final class DataDirectoryLock {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// Waits for the lock (`wait`), or returns nil at once when another holder has it.
    static func exclusive(_ directory: String, wait: Bool) throws -> DataDirectoryLock? {
        let fd = open(directory + "/vault.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw RAGVaultError(.dataDirectoryInvalid, "cannot open \(directory)/vault.lock: \(String(cString: strerror(errno)))")
        }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            if errno == EINTR { continue }
            close(fd)
            if errno == EWOULDBLOCK { return nil }
            throw RAGVaultError(.dataDirectoryInvalid, "cannot lock \(directory)/vault.lock: \(String(cString: strerror(errno)))")
        }
        return DataDirectoryLock(fd: fd)
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
