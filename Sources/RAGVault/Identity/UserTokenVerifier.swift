import Foundation
import JWTKit

/// Verifies an end user's token against the identity providers of one tenant and says who
/// the user is. Every failure is a precise `user_token_*` refusal (or `idp_unavailable`) —
/// never a fallback to another identity.
///
/// Order: parse (jwt-kit), pick the tenant's provider by the token's `iss` (a token of any
/// other issuer, another tenant's included, is refused here), refuse algorithms outside the
/// asymmetric ones we accept (so `none` and HS256 "signed" with a public key never reach a
/// key), find the key by `kid` (refetching once), verify the signature (jwt-kit), then the
/// audience and times, then map the claims.
struct UserTokenVerifier {
    let cache: IssuerKeyCache
    var verified: VerifiedTokenCache? = nil
    var now: @Sendable () -> Date = { Date() }

    /// JWS algorithms accepted for user tokens: RSA PKCS#1 and PSS, ECDSA, EdDSA.
    static let algorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"]

    struct Verified: Sendable, Equatable {
        let issuer: String
        let tokenSubject: String?
        let tokenID: String?
        let subject: String?
        let roles: [String]
        let groups: [String]
    }

    func verify(_ token: String, providers: [IdentityProvider]) async throws -> Verified {
        guard !token.isEmpty, token.utf8.count <= 16 << 10 else { throw invalid("the user token is empty or longer than 16 KiB") }
        let key = VerifiedTokenCache.key(token, providers: providers)
        let clock = now().timeIntervalSince1970
        if let known = verified?.lookup(key, now: clock) { return known }
        let (result, claims, skew) = try await verifyAll(token, providers: providers)
        let exp = claims.number("exp") ?? 0
        verified?.store(key, .init(verified: result, notAfter: exp + skew, notBefore: (claims.number("nbf") ?? 0) - skew, storedAt: clock))
        return result
    }

    private func verifyAll(_ token: String, providers: [IdentityProvider]) async throws -> (Verified, TokenClaims, Double) {
        let header: JWTHeader
        let unverified: TokenClaims
        do {
            (header, unverified, _) = try DefaultJWTParser().parse(Array(token.utf8), as: TokenClaims.self)
        } catch {
            throw invalid("the user token is not a JWS compact token (header.payload.signature, base64url JSON)")
        }
        guard let issuer = unverified.string("iss") else { throw RAGVaultError(.userTokenIssuer, "the user token has no 'iss' claim") }
        let matching = providers.filter { $0.issuer == issuer }
        guard !matching.isEmpty else {
            throw RAGVaultError(.userTokenIssuer, "the user token's issuer is not trusted by this tenant")
        }
        guard let alg = header.alg, Self.algorithms.contains(alg) else {
            throw RAGVaultError(
                .userTokenAlgorithm,
                "the user token's algorithm '\((header.alg ?? "none").prefix(16))' is refused (accepted: \(Self.algorithms.sorted().joined(separator: ", ")))")
        }
        guard let kid = header.kid, !kid.isEmpty else { throw RAGVaultError(.userTokenUnknownKey, "the user token names no signing key ('kid')") }
        // Several providers may share an issuer (one per audience): the audience picks one.
        let audiences = unverified.audiences
        guard let provider = matching.first(where: { audiences.contains($0.audience) }) else {
            throw RAGVaultError(.userTokenAudience, "the user token is not meant for this tenant's audience")
        }
        let keys = try await cache.keys(for: provider, kid: kid)
        guard keys.kids.contains(kid) else {
            throw RAGVaultError(.userTokenUnknownKey, "the user token is signed with a key the identity provider does not publish")
        }
        let claims: TokenClaims
        do {
            claims = try await keys.collection.verify(token, as: TokenClaims.self)
        } catch {
            throw invalid("the user token's signature does not verify")
        }
        // The verified claims, not the parsed ones, decide from here on.
        guard claims.string("iss") == provider.issuer else { throw RAGVaultError(.userTokenIssuer, "the user token's issuer is not trusted by this tenant") }
        do {
            try AudienceClaim(value: claims.audiences).verifyIntendedAudience(includes: provider.audience)
        } catch {
            throw RAGVaultError(.userTokenAudience, "the user token is not meant for this tenant's audience")
        }
        try checkTimes(claims, skew: TimeInterval(provider.clockSkewSeconds))
        let mapped = try ClaimMapping(provider: provider).map(claims)
        let result = Verified(
            issuer: provider.issuer, tokenSubject: claims.string("sub").map { String($0.prefix(256)) },
            tokenID: claims.string("jti").map { String($0.prefix(256)) }, subject: mapped.subject, roles: mapped.roles, groups: mapped.groups)
        return (result, claims, TimeInterval(provider.clockSkewSeconds))
    }

    /// `exp` is required; `nbf` when present. Both with the provider's skew, checked by jwt-kit's claim types.
    private func checkTimes(_ claims: TokenClaims, skew: TimeInterval) throws {
        guard let exp = claims.number("exp") else { throw RAGVaultError(.userTokenExpired, "the user token has no 'exp' claim; tokens must expire") }
        let now = now()
        do {
            try ExpirationClaim(value: Date(timeIntervalSince1970: exp)).verifyNotExpired(currentDate: now.addingTimeInterval(-skew))
        } catch {
            throw RAGVaultError(.userTokenExpired, "the user token has expired")
        }
        if let nbf = claims.number("nbf") {
            do {
                try NotBeforeClaim(value: Date(timeIntervalSince1970: nbf)).verifyNotBefore(currentDate: now.addingTimeInterval(skew))
            } catch {
                throw RAGVaultError(.userTokenNotYetValid, "the user token is not valid yet ('nbf' is in the future)")
            }
        }
    }

    private func invalid(_ message: String) -> RAGVaultError { RAGVaultError(.userTokenInvalid, message) }
}
