import AsyncHTTPClient
import Foundation
import JWTKit
import NIOCore

/// One identity provider's signing keys, as jwt-kit verifies with them, and the `kid`s they
/// hold (jwt-kit would verify a token of an unknown `kid` with its default key; an unknown
/// `kid` must instead mean "refetch, then refuse").
struct IssuerKeys: Sendable {
    let collection: JWTKeyCollection
    let kids: Set<String>
    let fetchedAt: Date

    /// Parses a JWKS document; keys without a `kid` are refused (tokens pick keys by `kid`).
    static func parse(_ json: String) throws -> JWKS {
        let jwks: JWKS
        do {
            jwks = try JSONDecoder().decode(JWKS.self, from: Data(json.utf8))
        } catch {
            throw RAGVaultError(.invalidInput, "identity provider: the JWKS is not a JSON Web Key Set ({\"keys\": [...]})")
        }
        guard !jwks.keys.isEmpty, jwks.keys.count <= 64 else { throw RAGVaultError(.invalidInput, "identity provider: the JWKS must hold 1–64 keys") }
        guard jwks.keys.allSatisfy({ $0.keyIdentifier != nil }) else {
            throw RAGVaultError(.invalidInput, "identity provider: every key of the JWKS needs a 'kid'")
        }
        return jwks
    }

    static func make(_ json: String, fetchedAt: Date = Date()) async throws -> IssuerKeys {
        let jwks = try parse(json)
        let collection = JWTKeyCollection()
        do {
            try await collection.add(jwks: jwks)
        } catch {
            throw RAGVaultError(.invalidInput, "identity provider: a key of the JWKS cannot be used (\(String(describing: error).prefix(120)))")
        }
        // No default key: a token must name one of these keys by `kid`.
        _ = await collection.clearDefault()
        return IssuerKeys(collection: collection, kids: Set(jwks.keys.compactMap { $0.keyIdentifier?.string }), fetchedAt: fetchedAt)
    }

    /// Fetches a JWKS over HTTP(S); any failure is `idp_unavailable` — never a fallback.
    static func fetch(_ url: String) async throws -> IssuerKeys {
        let unavailable = { (why: String) in
            RAGVaultError(.idpUnavailable, "the identity provider's signing keys cannot be had (\(why)); retry later")
        }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let body: ByteBuffer
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            guard response.status == .ok else { throw unavailable("the JWKS URL answered \(response.status.code)") }
            body = try await response.body.collect(upTo: 1 << 20)
        } catch let error as RAGVaultError {
            throw error
        } catch {
            throw unavailable("the JWKS URL could not be fetched")
        }
        do {
            return try await make(String(buffer: body))
        } catch {
            throw unavailable("the JWKS URL did not answer a usable key set")
        }
    }
}

/// Fetched key sets per identity provider, shared by every request of a process: refetched
/// when a token names a `kid` they lack (at most once per `refetchInterval`) or when older
/// than `maxAge`. Concurrent requests share one fetch.
actor IssuerKeyCache {
    private var entries: [String: IssuerKeys] = [:]
    private var lastAttempt: [String: Date] = [:]
    private var inFlight: [String: Task<IssuerKeys, Error>] = [:]
    private(set) var refetchInterval: TimeInterval = 30
    let maxAge: TimeInterval = 3600

    func setRefetchInterval(_ seconds: TimeInterval) { refetchInterval = seconds }

    /// Keys holding `kid` if they can be had, else the freshest keys known (the verifier then
    /// refuses the `kid` as unknown). A failed fetch is `idp_unavailable`.
    func keys(for provider: IdentityProvider, kid: String) async throws -> IssuerKeys {
        if let jwks = provider.jwks {
            let id = "file\u{0}" + jwks
            if let known = entries[id] { return known }
            let made = try await IssuerKeys.make(jwks)
            entries[id] = made
            return made
        }
        guard let url = provider.jwksURL else { throw RAGVaultError(.idpUnavailable, "the identity provider has no signing keys configured") }
        let id = "url\u{0}" + url
        let now = Date()
        let known = entries[id]
        if let known, known.kids.contains(kid), now.timeIntervalSince(known.fetchedAt) < maxAge { return known }
        if let running = inFlight[id] { return try await running.value }
        if let known, let last = lastAttempt[id], now.timeIntervalSince(last) < refetchInterval { return known }
        lastAttempt[id] = now
        let task = Task { try await IssuerKeys.fetch(url) }
        inFlight[id] = task
        defer { inFlight[id] = nil }
        let fetched = try await task.value
        entries[id] = fetched
        return fetched
    }
}
