import Foundation

/// Reads frames back into records, checking each link of the chain: authentication (no byte
/// changed), sequence (nothing removed, inserted or moved) and the keyed link (nothing
/// rewritten). Stops at the first problem and names it.
struct AuditChain {
    let owner: String
    let keys: AuditKeys

    struct Entry {
        let raw: AuditFrame.Raw
        let record: AuditRecord
    }

    /// Where a chain continues from: the last verified seq and link.
    struct Position: Equatable {
        var seq: UInt64
        var link: [UInt8]
        var end: Int
        static let start = Position(seq: 0, link: AuditFrame.genesis, end: AuditFrame.magic.count)
    }

    enum Problem: Error, Equatable, CustomStringConvertible {
        case notAnAuditLog
        case tampered(seq: UInt64, offset: Int)
        case outOfOrder(expected: UInt64, found: UInt64, offset: Int)
        case brokenLink(seq: UInt64, offset: Int)
        case unreadable(seq: UInt64, offset: Int)
        case misplacedCheckpoint(seq: UInt64, offset: Int)
        case garbage(offset: Int)
        case torn(offset: Int)

        var description: String {
            switch self {
            case .notAnAuditLog: return "the file is not a RAGVault audit log (bad magic)"
            case .tampered(let seq, let offset):
                return "record \(seq) (byte \(offset)) fails authentication: its bytes were changed, or it is not from this log"
            case .outOfOrder(let expected, let found, let offset):
                return "record \(expected) expected at byte \(offset), found \(found): records were deleted, inserted or reordered"
            case .brokenLink(let seq, let offset):
                return "record \(seq) (byte \(offset)) does not chain to the record before it: records before it were removed or rewritten"
            case .unreadable(let seq, let offset): return "record \(seq) (byte \(offset)) authenticates but is not a valid record"
            case .misplacedCheckpoint(let seq, let offset): return "record \(seq) (byte \(offset)) is a checkpoint that is not first"
            case .garbage(let offset): return "bytes at \(offset) are not a frame (impossible length)"
            case .torn(let offset): return "the last record (byte \(offset)) is incomplete: a write was interrupted or the file truncated"
            }
        }

        /// The sequence number the problem is at, when it has one.
        var seq: UInt64? {
            switch self {
            case .tampered(let s, _), .brokenLink(let s, _), .unreadable(let s, _), .misplacedCheckpoint(let s, _): return s
            case .outOfOrder(let expected, _, _): return expected
            default: return nil
            }
        }
    }

    struct Result {
        var entries: [Entry] = []
        /// After the last verified record.
        var position: Position
        /// The checkpoint a pruned log starts from.
        var checkpoint: Entry?
        var problem: Problem?
    }

    /// Checks `bytes` (the whole file when `from` is `.start`, else what follows `from.end`).
    func read(_ bytes: [UInt8], from: Position = .start) -> Result {
        var body = bytes
        if from == .start {
            guard bytes.count >= AuditFrame.magic.count, Array(bytes.prefix(AuditFrame.magic.count)) == AuditFrame.magic else {
                return Result(position: from, problem: bytes.isEmpty ? nil : .notAnAuditLog)
            }
            body = Array(bytes.dropFirst(AuditFrame.magic.count))
        }
        let (frames, tail) = AuditFrame.split(body, base: from.end)
        var result = Result(position: from)
        for (index, raw) in frames.enumerated() {
            guard let plaintext = AuditFrame.open(raw, owner: owner, keys: keys) else {
                // Named by where it stands (its own seq field may be what was changed).
                let expected = index == 0 && from == .start && result.checkpoint == nil ? 1 : result.position.seq + 1
                result.problem = .tampered(seq: expected, offset: raw.offset)
                return result
            }
            guard let record = try? JSONDecoder().decode(AuditRecord.self, from: Data(plaintext)), UInt64(record.seq) == raw.seq else {
                result.problem = .unreadable(seq: raw.seq, offset: raw.offset)
                return result
            }
            if record.action == AuditTrail.checkpointAction {
                // A pruned log starts from a checkpoint carrying the last pruned link.
                guard index == 0, from == .start else {
                    result.problem = .misplacedCheckpoint(seq: raw.seq, offset: raw.offset)
                    return result
                }
                result.checkpoint = Entry(raw: raw, record: record)
                result.position = Position(seq: raw.seq, link: raw.link, end: raw.end)
                continue
            }
            guard raw.seq == result.position.seq + 1 else {
                result.problem = .outOfOrder(expected: result.position.seq + 1, found: raw.seq, offset: raw.offset)
                return result
            }
            guard keys.link(previous: result.position.link, seq: raw.seq, record: plaintext) == raw.link else {
                result.problem = .brokenLink(seq: raw.seq, offset: raw.offset)
                return result
            }
            result.entries.append(Entry(raw: raw, record: record))
            result.position = Position(seq: raw.seq, link: raw.link, end: raw.end)
        }
        switch tail {
        case .clean: break
        case .torn(let offset): result.problem = .torn(offset: offset)
        case .garbage(let offset): result.problem = .garbage(offset: offset)
        }
        return result
    }
}

/// What the catalog remembers of a log: the highest committed record, and the seq a writer
/// knew of when it found the log ending before it.
struct AuditMark: Equatable {
    var seq: UInt64
    var link: [UInt8]
    var cutBelow: UInt64?
}
