import Foundation

/// A tenant's trusted identity provider: tokens it signs for `audience` prove an end user of
/// that tenant (delegated search). One issuer + audience belongs to one tenant, so nothing a
/// caller sends can choose another tenant's issuer: the tenant comes from the API key, and the
/// token must come from an issuer configured for that tenant.
public struct IdentityProvider: Codable, Sendable, Hashable {
    /// The `iss` value tokens carry, compared exactly.
    public var issuer: String
    /// The `aud` value tokens must carry (RFC 7519: a string or an array containing it).
    public var audience: String
    /// The signing keys, when given as a JWKS document (`--jwks FILE`, kept in the catalog).
    public var jwks: String?
    /// Where to fetch the signing keys (https, or http to a loopback address).
    public var jwksURL: String?
    /// Claim naming the user (`sub`; Entra ID: `oid`); dotted paths reach nested claims.
    public var subjectClaim: String
    /// Claim listing roles (`roles`, Keycloak: `realm_access.roles`); each value becomes `role:VALUE`.
    public var rolesClaim: String?
    /// Claim listing groups (`groups`); each value becomes `group:VALUE`.
    public var groupsClaim: String?
    /// Tolerated clock difference for `exp` and `nbf`, in seconds (0–300).
    public var clockSkewSeconds: Int

    public init(
        issuer: String, audience: String, jwks: String? = nil, jwksURL: String? = nil, subjectClaim: String = "sub",
        rolesClaim: String? = nil, groupsClaim: String? = nil, clockSkewSeconds: Int = 60
    ) {
        (self.issuer, self.audience, self.jwks, self.jwksURL) = (issuer, audience, jwks, jwksURL)
        (self.subjectClaim, self.rolesClaim, self.groupsClaim, self.clockSkewSeconds) = (subjectClaim, rolesClaim, groupsClaim, clockSkewSeconds)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case issuer, audience, jwks, jwksURL = "jwks_url", subjectClaim = "subject_claim", rolesClaim = "roles_claim"
        case groupsClaim = "groups_claim", clockSkewSeconds = "clock_skew_seconds"
    }

    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, known: Set(CodingKeys.allCases.map(\.rawValue)))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            issuer: try c.decode(String.self, forKey: .issuer), audience: try c.decode(String.self, forKey: .audience),
            jwks: try c.decodeIfPresent(String.self, forKey: .jwks), jwksURL: try c.decodeIfPresent(String.self, forKey: .jwksURL),
            subjectClaim: try c.decodeIfPresent(String.self, forKey: .subjectClaim) ?? "sub",
            rolesClaim: try c.decodeIfPresent(String.self, forKey: .rolesClaim),
            groupsClaim: try c.decodeIfPresent(String.self, forKey: .groupsClaim),
            clockSkewSeconds: try c.decodeIfPresent(Int.self, forKey: .clockSkewSeconds) ?? 60)
    }

    /// Refuses a configuration that could never verify a token, or would trust too much.
    public func validate() throws {
        func bad(_ message: String) -> RAGVaultError { RAGVaultError(.invalidInput, "identity provider: \(message)") }
        guard !issuer.isEmpty, issuer.utf8.count <= 512, !issuer.contains(where: \.isNewline) else { throw bad("issuer must be 1–512 characters") }
        guard !audience.isEmpty, audience.utf8.count <= 512 else { throw bad("audience must be 1–512 characters") }
        guard (jwks == nil) != (jwksURL == nil) else { throw bad("give the signing keys either as a JWKS document or as a JWKS URL, not both or neither") }
        if let jwksURL {
            guard let url = URL(string: jwksURL), let host = url.host, let scheme = url.scheme?.lowercased(),
                scheme == "https" || (scheme == "http" && Self.isLoopback(host))
            else { throw bad("the JWKS URL must be https (or http to a loopback address), got '\(jwksURL.prefix(200))'") }
        }
        if let jwks { _ = try IssuerKeys.parse(jwks) }
        for claim in [subjectClaim] + [rolesClaim, groupsClaim].compactMap({ $0 }) {
            guard !claim.isEmpty, claim.utf8.count <= 128 else { throw bad("claim names must be 1–128 characters") }
        }
        guard (0...300).contains(clockSkewSeconds) else { throw bad("clock_skew_seconds must be 0–300") }
    }

    static func isLoopback(_ host: String) -> Bool {
        let h = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return h == "localhost" || h == "::1" || h.hasPrefix("127.")
    }
}
