/// Turns a verified token's claims into a principal's user, roles and groups, as the tenant's
/// identity provider configuration says, with the same case folding and validation as every
/// other principal.
///
/// A claim value that is not a valid principal name refuses the whole token: dropping it
/// could drop a group that a `deny` entry names, and so widen what the user reads.
struct ClaimMapping {
    let provider: IdentityProvider

    struct Mapped: Equatable {
        var subject: String?
        var roles: [String]
        var groups: [String]
    }

    func map(_ claims: TokenClaims) throws -> Mapped {
        let subject: String?
        switch claims.value(at: provider.subjectClaim) {
        case nil, .null?: subject = nil
        case .string(let s)?: subject = try name(s, kind: "user", claim: provider.subjectClaim)
        case .number(let n)? where n == n.rounded() && abs(n) < 1e15: subject = try name(String(Int64(n)), kind: "user", claim: provider.subjectClaim)
        default: throw refused("the claim '\(provider.subjectClaim)' is not a string")
        }
        let roles = try list(provider.rolesClaim, kind: "role", in: claims)
        let groups = try list(provider.groupsClaim, kind: "group", in: claims)
        guard subject != nil || !roles.isEmpty || !groups.isEmpty else {
            throw RAGVaultError(
                .userTokenNoPrincipal,
                "the user token names no user, role or group under this tenant's claim mapping (subject claim '\(provider.subjectClaim)')")
        }
        return Mapped(subject: subject, roles: roles, groups: groups)
    }

    private func list(_ claim: String?, kind: String, in claims: TokenClaims) throws -> [String] {
        guard let claim, let value = claims.value(at: claim), value != .null else { return [] }
        guard let names = value.names else { throw refused("the claim '\(claim)' is neither a string nor an array of strings") }
        guard names.count <= 256 else { throw refused("the claim '\(claim)' lists more than 256 values") }
        return Array(Set(try names.map { try name($0, kind: kind, claim: claim) })).sorted()
    }

    /// `kind:value`, folded and validated; a value already carrying the prefix keeps it once.
    private func name(_ value: String, kind: String, claim: String) throws -> String {
        let folded = PrincipalName.normalise(value)
        let full = folded.hasPrefix(kind + ":") ? folded : kind + ":" + folded
        do {
            try PrincipalName.validate(full)
        } catch {
            throw refused("a value of the claim '\(claim)' is not a valid \(kind) name (letters, digits, . _ @ -; 1–128)")
        }
        return full
    }

    private func refused(_ message: String) -> RAGVaultError { RAGVaultError(.userTokenClaims, message) }
}
