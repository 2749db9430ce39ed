import Foundation

/// File handling of one audit log: locking across processes (flock on the log itself, so a
/// pruner that replaces the file and writers in other processes take turns), reading it whole,
/// and finding where the chain ends without decrypting every record.
enum AuditLogFile {
    static func failure(_ action: String, _ path: String) -> RAGVaultError {
        RAGVaultError(.auditUnavailable, "cannot \(action) the audit log \(path): \(String(cString: strerror(errno)))")
    }

    /// Opens `path` locked (`exclusive` for writers and the pruner). When the path names another
    /// file by the time the lock is held (a prune replaced it), the new one is opened instead.
    /// Returns nil when there is no log and `create` is false.
    static func openLocked(_ path: String, exclusive: Bool, create: Bool) throws -> Int32? {
        while true {
            let fd = open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0o600)
            if fd < 0 {
                if errno == ENOENT && !create { return nil }
                throw failure("open", path)
            }
            while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
                if errno == EINTR { continue }
                close(fd)
                throw failure("lock", path)
            }
            if sameFile(fd, path) { return fd }
            close(fd) // replaced while waiting for the lock: take the new one
        }
    }

    /// Whether `fd` is still the file at `path`.
    static func sameFile(_ fd: Int32, _ path: String) -> Bool {
        var open = stat(), named = stat()
        guard fstat(fd, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_ino == named.st_ino && open.st_dev == named.st_dev
    }

    static func size(_ fd: Int32) -> Int {
        var info = stat()
        return fstat(fd, &info) == 0 ? Int(info.st_size) : 0
    }

    static func readAll(_ fd: Int32, path: String) throws -> [UInt8] {
        try read(fd, from: 0, count: size(fd), path: path)
    }

    static func read(_ fd: Int32, from offset: Int, count: Int, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure("read", path) }
            done += n
        }
        return bytes
    }

    static func write(_ fd: Int32, _ bytes: [UInt8], at offset: Int, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, bytes.count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure("write", path) }
            done += n
        }
    }

    /// Where the chain in `fd` ends, found by walking the clear frame headers from `known`
    /// (or the start) and authenticating the last frame and its link — enough for a writer to
    /// continue; `audit verify` checks every record. A frame cut short at the end (a write
    /// interrupted by a crash: it was never acknowledged, since acknowledgement follows the
    /// sync) is cut off; anything else wrong is `audit_damaged`.
    static func end(of fd: Int32, path: String, chain: AuditChain, known: AuditChain.Position?) throws -> AuditChain.Position {
        let size = self.size(fd)
        if size == 0 {
            try write(fd, AuditFrame.magic, at: 0, path: path)
            return .start
        }
        if let known, known.end == size { return known }
        let magic = AuditFrame.magic.count
        guard size >= magic, try read(fd, from: 0, count: magic, path: path) == AuditFrame.magic else {
            throw damaged(path, .notAnAuditLog)
        }
        var at = (known.map { $0.end <= size } ?? false) ? known!.end : magic
        var last: AuditFrame.Raw?
        var previousLink = known.map { $0.end == at ? $0.link : AuditFrame.genesis } ?? AuditFrame.genesis
        var lastPrevious = previousLink
        while at < size {
            guard size - at >= AuditFrame.headerSize else {
                return try cut(fd, at: at, path: path, last: last, before: lastPrevious, chain: chain, fallback: known)
            }
            let header = AuditFrame.header(try read(fd, from: at, count: AuditFrame.headerSize, path: path), at: 0)
            guard let length = header.length else { throw damaged(path, .garbage(offset: at)) }
            guard size - at - AuditFrame.headerSize >= length else {
                return try cut(fd, at: at, path: path, last: last, before: lastPrevious, chain: chain, fallback: known)
            }
            lastPrevious = previousLink
            last = AuditFrame.Raw(
                offset: at, seq: header.seq, link: header.link, nonce: header.nonce,
                ciphertext: try read(fd, from: at + AuditFrame.headerSize, count: length, path: path))
            previousLink = last!.link
            at += AuditFrame.headerSize + length
        }
        return try position(after: last, before: lastPrevious, chain: chain, path: path, fallback: known)
    }

    private static func cut(
        _ fd: Int32, at offset: Int, path: String, last: AuditFrame.Raw?, before: [UInt8],
        chain: AuditChain, fallback: AuditChain.Position?
    ) throws -> AuditChain.Position {
        guard ftruncate(fd, off_t(offset)) == 0, fdatasync(fd) == 0 else { throw failure("repair the torn end of", path) }
        return try position(after: last, before: before, chain: chain, path: path, fallback: fallback)
    }

    /// The position after `last`, once it authenticates (and, for a plain record, links).
    private static func position(
        after last: AuditFrame.Raw?, before: [UInt8], chain: AuditChain, path: String,
        fallback: AuditChain.Position?
    ) throws -> AuditChain.Position {
        guard let last else { return fallback ?? .start }
        guard let plaintext = AuditFrame.open(last, owner: chain.owner, keys: chain.keys) else {
            throw damaged(path, .tampered(seq: last.seq, offset: last.offset))
        }
        let isCheckpoint = (try? JSONDecoder().decode(AuditRecord.self, from: Data(plaintext)))?.action == AuditTrail.checkpointAction
        if !isCheckpoint && chain.keys.link(previous: before, seq: last.seq, record: plaintext) != last.link {
            throw damaged(path, .brokenLink(seq: last.seq, offset: last.offset))
        }
        return AuditChain.Position(seq: last.seq, link: last.link, end: last.end)
    }

    static func damaged(_ path: String, _ problem: AuditChain.Problem) -> RAGVaultError {
        RAGVaultError(.auditDamaged, "the audit log \(path) is damaged: \(problem); run 'ragvault audit verify' — nothing more is written to it")
    }
}
