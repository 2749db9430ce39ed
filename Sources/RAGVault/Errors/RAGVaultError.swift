/// The one error type of the RAGVault library.
///
/// Every error carries a stable machine-readable `code` (what scripts, the HTTP API and tests
/// match on) and a human message that names the thing, the reason and the next step. Messages
/// never contain key material, document text or query text.
public struct RAGVaultError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Stable error codes. New codes may be added; existing ones never change meaning.
    public enum Code: String, Sendable, CaseIterable {
        case dataDirectoryInvalid = "data_dir_invalid"
        case alreadyInitialised = "already_initialised"
        case masterKeyMissing = "master_key_missing"
        case masterKeyInvalid = "master_key_invalid"
        case wrongMasterKey = "wrong_master_key"
        case insecurePermissions = "insecure_permissions"
        case tenantNameInvalid = "tenant_name_invalid"
        case tenantNotFound = "tenant_not_found"
        case tenantExists = "tenant_exists"
        case keyUnwrapFailed = "key_unwrap_failed"
        case storeTampered = "store_tampered"
        case storeNotVault = "store_not_vault"
        case storeIO = "store_io"
        case storeConfiguration = "store_configuration"
        /// A store (or the catalog) that must exist is missing or empty: it was deleted,
        /// truncated or moved. Nothing is recreated in its place; restore it from a backup.
        case storeMissing = "store_missing"
        /// The store was re-keyed (by this or another process) while it was open; nothing was
        /// written, and opening the tenant again reaches the new store.
        case storeRetired = "store_retired"
        /// Another process held the store's write lock for longer than the busy timeout;
        /// nothing was written by the failed call — retry.
        case busy = "busy"
        case invalidInput = "invalid_input"
        /// A document id holding a control, bidi-override or other invisible formatting
        /// character, or empty or over 512 bytes: refused on every path (see `DocumentID`).
        case invalidID = "invalid_id"
        /// `--sync` would delete what it must not (everything, or most of a tenant); nothing
        /// was deleted.
        case syncRefused = "sync_refused"
        case emptyScope = "empty_scope"
        case queryInvalid = "query_invalid"
        case forbidden = "forbidden"
        /// The named document, chunk, key or tenant does not exist for this caller — the same
        /// answer whether it exists nowhere, in another tenant, or behind an ACL.
        case notFound = "not_found"
        /// The presented credential is not valid (whatever the reason: never said which).
        case unauthenticated = "unauthenticated"
        /// The audit log could not be written (disk, permissions): in strict mode the action's
        /// answer is withheld, since it would not be on record.
        case auditUnavailable = "audit_unavailable"
        /// The audit log fails verification; nothing more is appended to it until an operator
        /// has looked (`ragvault audit verify`).
        case auditDamaged = "audit_damaged"
        /// The audit log ends before what the catalog knows was written to it (deleted, emptied,
        /// cut at the end or replaced): `ragvault audit verify` and `doctor` report it until an
        /// operator accepts it (`ragvault audit accept-truncation`).
        case auditTruncated = "audit_truncated"
        /// Delegated search: no end-user token came with a `search:delegated` key.
        case userTokenMissing = "user_token_missing"
        /// The user token is malformed or its signature does not verify.
        case userTokenInvalid = "user_token_invalid"
        case userTokenExpired = "user_token_expired"
        case userTokenNotYetValid = "user_token_not_yet_valid"
        /// The token's issuer is not one the key's tenant trusts (another tenant's included).
        case userTokenIssuer = "user_token_wrong_issuer"
        case userTokenAudience = "user_token_wrong_audience"
        /// The token names a signing key its issuer does not publish.
        case userTokenUnknownKey = "user_token_unknown_key"
        /// `none`, HMAC or another algorithm outside the accepted asymmetric ones.
        case userTokenAlgorithm = "user_token_algorithm"
        /// The token's claims map to no user, role or group.
        case userTokenNoPrincipal = "user_token_no_principal"
        /// A claim value is not a valid principal name (the whole token is refused).
        case userTokenClaims = "user_token_claims"
        /// The identity provider's signing keys cannot be had: the request fails, never falls back.
        case idpUnavailable = "idp_unavailable"
        /// The issuer + audience is already trusted by another tenant.
        case idpTaken = "idp_taken"
        /// The server's address is taken (another process listens on that port).
        case addressInUse = "address_in_use"
        /// A vector search in a tenant with no vector configuration (`ragvault vectors set`).
        case vectorsNotConfigured = "vectors_not_configured"
        /// The tenant's vector model or dimension changed after some chunks were embedded:
        /// vector searches fail until those documents are indexed again with new vectors.
        case vectorsStale = "vectors_stale"
        /// The tenant's embedder cannot embed now: its endpoint is down, slow, redirects, refuses
        /// or answers wrongly, or the embedded model is not installed. Nothing was written; a
        /// search may ask for `fallback: "text"`.
        case embedderUnavailable = "embedder_unavailable"
        case internalError = "internal"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

extension RAGVaultError.Code {
    /// A refused or unverifiable end-user token (delegated search).
    public var refusesUserToken: Bool { rawValue.hasPrefix("user_token_") || self == .idpUnavailable }
}

extension RAGVaultError {
    /// The one answer for a document, chunk or key that does not exist for this caller —
    /// whether it exists nowhere, in another tenant, or behind an ACL.
    public static func notFound(_ what: String) -> RAGVaultError {
        RAGVaultError(.notFound, "no such \(what) (or not visible to this credential)")
    }
}
