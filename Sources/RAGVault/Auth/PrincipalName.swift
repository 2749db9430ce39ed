import Foundation

/// Validation of ACL principals: `role:NAME`, `group:NAME`, `user:ID`, or `tenant:*`
/// (everyone in the tenant, an explicit opt-in). NAME/ID: 1–128 of letters, digits, `._@-`.
public enum PrincipalName {
    /// The one spelling of a principal, used at ingest and at query alike: NFKC, then lower
    /// case, so a deny on `user:bob@acme.com` also stops `User:Bob@ACME.com` (and full-width
    /// look-alikes). Names that stay non-ASCII afterwards are refused by `validate`.
    public static func normalise(_ principal: String) -> String {
        if principal.utf8.allSatisfy({ $0 < 0x80 }) {
            return principal.utf8.contains(where: Bytes.isUpper) ? String(decoding: principal.utf8.map(Bytes.lower), as: UTF8.self) : principal
        }
        return principal.precomposedStringWithCompatibilityMapping.lowercased()
    }

    public static func validate(_ principal: String) throws {
        if principal == "tenant:*" { return }
        let parts = principal.split(separator: ":", maxSplits: 1)
        let kinds: Set<Substring> = ["role", "group", "user"]
        guard parts.count == 2, kinds.contains(parts[0]),
            (1...128).contains(parts[1].count),
            parts[1].unicodeScalars.allSatisfy({ s in
                (s.value < 128 && (s.properties.isAlphabetic || ("0"..."9").contains(s))) || "._@-".unicodeScalars.contains(s)
            })
        else {
            throw RAGVaultError(
                .invalidInput,
                "invalid ACL principal '\(principal.prefix(80))': use role:NAME, group:NAME, user:ID or tenant:* (NAME: letters, digits, . _ @ -)")
        }
    }

    /// Validates a whole access list and its size.
    static func validate(_ acl: AccessList, maxEntries: Int) throws {
        guard !acl.allow.isEmpty else {
            throw RAGVaultError(.invalidInput, "the access list allows nobody; give at least one allow entry (or tenant:* to opt in to tenant-wide access)")
        }
        guard acl.allow.count + acl.deny.count <= maxEntries else {
            throw RAGVaultError(.invalidInput, "the access list has \(acl.allow.count + acl.deny.count) entries, more than the limit of \(maxEntries)")
        }
        for p in acl.allow + acl.deny { try validate(p) }
    }
}
