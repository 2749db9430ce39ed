import Foundation

/// One audit record, as stored (encrypted) and exported (JSON lines). It holds what an
/// investigator needs — who, through which door, did what, with what outcome — and never a
/// secret value, key material or unredacted PII: queries are stored after redaction, with a
/// keyed hash of the raw text (`AuditKeys.queryHash`) so that a suspected query can be
/// confirmed without the log holding it.
public struct AuditRecord: Codable, Sendable, Equatable {
    /// Position in the log's chain, from 1; set by the writer.
    public var seq: Int = 0
    /// UTC, ISO 8601 with milliseconds; set by the writer unless given.
    public var time: String = ""
    public var requestID: String?
    public var interface: AuditInterface
    public var keyID: String?
    /// `user:…` of the credential, or of the principal a local operator acted as.
    public var subject: String?
    /// For a delegated request: the user token's issuer, `sub` and `jti` (the token itself never).
    public var tokenIssuer: String?
    public var tokenSubject: String?
    public var tokenID: String?
    /// The operating-system user of a local (CLI) action.
    public var localUser: String?
    /// The tenant, in the operator log (the tenant log's tenant is implied).
    public var tenant: String?
    /// What was done: `search`, `chunk.read`, `document.read`, `document.write`, `document.delete`,
    /// `document.acl`, `ingest`, `policy.read`, `policy.write`, `settings.write`, `key.create`,
    /// `key.list`, `key.revoke`, `tenant.create`, `tenant.delete`, `tenant.rotate_key`,
    /// `authenticate`, `audit.read`, `audit.prune`, `audit.checkpoint`, `request`.
    public var action: String
    /// `ok`, `denied` (authentication, scope or not-found answers) or `error`.
    public var outcome: String = "ok"
    /// The error code of a refused or failed request.
    public var code: String?
    public var latencyMs: Double?
    /// For `request` records written by the HTTP layer: the route pattern, never the path.
    public var route: String?

    // Searches.
    /// The query after redaction under the tenant's policy.
    public var query: String?
    /// Keyed BLAKE2b of the raw query (hex); see `Vault.auditQueryMatches`.
    public var queryHash: String?
    public var chunkIDs: [String]?
    /// Redactions applied to what was returned, by entity type.
    public var redactions: [String: Int]?
    /// Flags of returned passages (e.g. `possible_injection:…`).
    public var flags: [String]?
    /// Reversible tokens a `detokenise` resolved, by entity type, and how many it left
    /// (`unresolved`): counts only, never a token or a value.
    public var tokens: [String: Int]?

    // Writes.
    /// Documents written, deleted or read, with the version they are at.
    public var documents: [AuditDocument]?
    /// State before and after a change of an ACL, policy, settings or key.
    public var before: AuditValue?
    public var after: AuditValue?

    // Aggregates (refused authentications, written once per window rather than once each).
    /// How many requests this record stands for.
    public var count: Int?
    /// When the first of them came (`time` is when the window closed).
    public var firstTime: String?
    /// The client's network address, for refusals counted before any key was known.
    public var clientAddress: String?

    // Checkpoints (first record after a prune) and prunes.
    public var prunedBefore: String?
    public var prunedRecords: Int?

    public init(interface: AuditInterface, action: String) {
        self.interface = interface
        self.action = action
    }

    enum CodingKeys: String, CodingKey {
        case seq, time, requestID = "request_id", interface, keyID = "key_id", subject, localUser = "local_user", tenant
        case action, outcome, code, latencyMs = "latency_ms", route, query, queryHash = "query_hash", chunkIDs = "chunk_ids"
        case redactions, flags, tokens, documents, before, after, prunedBefore = "pruned_before", prunedRecords = "pruned_records"
        case count, firstTime = "first_time", clientAddress = "client_address"
        case tokenIssuer = "token_issuer", tokenSubject = "token_subject", tokenID = "token_jti"
    }
}

/// A document touched by an audited action.
public struct AuditDocument: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int?
    /// `added`, `updated`, `unchanged`, `acl_updated`, `deleted`, `skipped`, `read`.
    public var outcome: String?
    public var code: String?

    public init(id: String, version: Int? = nil, outcome: String? = nil, code: String? = nil) {
        (self.id, self.version, self.outcome, self.code) = (id, version, outcome, code)
    }
}

/// Before/after values of a change: any JSON (ACLs, policies, key metadata — never secrets).
public typealias AuditValue = JSONValue

/// Through which door a request came.
public enum AuditInterface: String, Codable, Sendable {
    case cli, http, mcp, library
}
