import Foundation

/// Retention: replaces a log by one that starts with a checkpoint — carrying the seq and link
/// of the last removed record, sealed like any record — followed by the kept frames unchanged,
/// so the kept chain verifies from the checkpoint. The new file is complete and synced before
/// it is renamed over the old one, under the log's exclusive lock; writers that waited for the
/// lock then find the new file.
struct AuditPruner {
    let path: String
    let chain: AuditChain

    func prune(before: Date) throws -> AuditPruneResult {
        guard let fd = try AuditLogFile.openLocked(path, exclusive: true, create: false) else {
            return AuditPruneResult(pruned: 0, kept: 0, checkpointSeq: nil)
        }
        defer { flock(fd, LOCK_UN); close(fd) }
        let bytes = try AuditLogFile.readAll(fd, path: path)
        let result = chain.read(bytes)
        if let problem = result.problem { throw AuditLogFile.damaged(path, problem) }
        // Records are in time order per writer; the cut is the first record at or after `before`.
        let cut =
            result.entries.firstIndex { entry in
                guard let time = try? Date(entry.record.time, strategy: .iso8601) else { return true }
                return time >= before
            } ?? result.entries.count
        guard cut > 0 else { return AuditPruneResult(pruned: 0, kept: result.entries.count, checkpointSeq: result.checkpoint?.record.seq) }
        let last = result.entries[cut - 1].raw
        var checkpoint = AuditRecord(interface: .library, action: AuditTrail.checkpointAction)
        checkpoint.seq = Int(last.seq)
        checkpoint.time = AuditTrail.timestamp(Date())
        checkpoint.prunedBefore = AuditTrail.timestamp(before)
        checkpoint.prunedRecords = (result.checkpoint?.record.prunedRecords ?? 0) + cut
        var replacement = AuditFrame.magic
        replacement += AuditFrame.seal(
            Array(try JSONEncoder.sorted.encode(checkpoint)), seq: last.seq, link: last.link,
            owner: chain.owner, keys: chain.keys)
        if cut < result.entries.count {
            replacement += bytes[result.entries[cut].raw.offset..<result.position.end]
        }
        try DurableFile.replace(path, with: replacement, mode: 0o600)
        return AuditPruneResult(pruned: cut, kept: result.entries.count - cut, checkpointSeq: Int(last.seq))
    }
}
