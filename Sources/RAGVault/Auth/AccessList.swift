import CSodium

/// Who may read a document: typed principals (`role:NAME`, `group:NAME`, `user:ID`,
/// `tenant:*`) allowed and denied. Deny wins over allow.
public struct AccessList: Codable, Equatable, Sendable {
    public var allow: [String]
    public var deny: [String]

    /// Entries are normalised (`PrincipalName.normalise`): `Role:Contractor` and
    /// `role:contractor` are one principal, for allow and deny alike.
    public init(allow: [String], deny: [String] = []) {
        self.allow = allow.map(PrincipalName.normalise)
        self.deny = deny.map(PrincipalName.normalise)
    }

    /// `deny` may be omitted in JSON; any other key is refused (a misspelt `deny` must not
    /// leave a document readable).
    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, known: ["allow", "deny"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            allow: try c.decode([String].self, forKey: .allow),
            deny: try c.decodeIfPresent([String].self, forKey: .deny) ?? [])
    }

    private enum CodingKeys: String, CodingKey { case allow, deny }

    /// Index tokens for the allow and deny columns of the FTS5 table.
    var allowTokens: String { allow.map(AccessList.token(for:)).joined(separator: " ") }
    var denyTokens: String { deny.map(AccessList.token(for:)).joined(separator: " ") }

    /// An opaque, digits-only index token for a principal: the tokenizer keeps it whole,
    /// it cannot collide with words users type, and it does not reveal the principal name.
    package static func token(for principal: String) -> String {
        let input = Array("ragvault-acl-v1:\(PrincipalName.normalise(principal))".utf8)
        var digest = [UInt8](repeating: 0, count: 8)
        crypto_generichash(&digest, 8, input, UInt64(input.count), nil, 0)
        let value = digest.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        return String(value) // digits only: unicode61 keeps it one token, porter leaves it alone
    }
}
