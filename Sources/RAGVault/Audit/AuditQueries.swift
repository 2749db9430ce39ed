import Foundation

/// Which records to export.
public struct AuditFilter: Sendable {
    public var since: Date?
    public var until: Date?
    /// Only records after this seq (pagination).
    public var after: Int?
    public var limit: Int?

    public init(since: Date? = nil, until: Date? = nil, after: Int? = nil, limit: Int? = nil) {
        (self.since, self.until, self.after, self.limit) = (since, until, after, limit)
    }
}

public struct AuditPage: Encodable, Sendable {
    public let records: [AuditRecord]
    /// Pass as `after` for the next page; nil on the last page.
    public let nextAfter: Int?

    enum CodingKeys: String, CodingKey { case records, nextAfter = "next_after" }
}

public struct AuditVerification: Encodable, Sendable {
    public struct Checkpoint: Encodable, Sendable {
        public let seq: Int
        public let prunedBefore: String?
        public let prunedRecords: Int?
        enum CodingKeys: String, CodingKey { case seq, prunedBefore = "pruned_before", prunedRecords = "pruned_records" }
    }
    public var ok: Bool
    /// Records verified (the checkpoint not counted).
    public var records: Int
    public var firstSeq: Int?
    public var lastSeq: Int?
    /// The head after the last verified record.
    public var head: String
    /// The first problem, when the chain breaks.
    public var problem: String?
    /// The first bad record's seq.
    public var badSeq: Int?
    public var checkpoint: Checkpoint?
    public var headChecked: Bool?
    public var headProblem: String?
    /// `audit_truncated` when the log is behind what the catalog knows was written.
    public var code: String?
    public var truncation: String?

    enum CodingKeys: String, CodingKey {
        case ok, records, firstSeq = "first_seq", lastSeq = "last_seq", head, problem, badSeq = "bad_seq", checkpoint
        case headChecked = "head_checked", headProblem = "head_problem", code, truncation
    }
}

public struct AuditPruneResult: Encodable, Sendable {
    public let pruned: Int
    public let kept: Int
    /// The seq the kept chain continues from (its checkpoint), nil when nothing was pruned.
    public let checkpointSeq: Int?

    enum CodingKeys: String, CodingKey { case pruned, kept, checkpointSeq = "checkpoint_seq" }
}
