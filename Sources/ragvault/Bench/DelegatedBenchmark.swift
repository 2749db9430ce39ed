import AsyncHTTPClient
import Foundation
import JWTKit
import NIOCore
import RAGVault
import RAGVaultHTTP
import RAGVaultBench

/// `ragvault bench delegated`: searches/s over HTTP with a plain `search` key beside a
/// `search:delegated` key carrying an end user's token (RS256 and EdDSA), in rounds that
/// alternate the three so that machine noise falls on all alike; and the verification cost
/// per request in process, with the verified-key cache warm. The user and the key's principal
/// have the same roles, so the searches do the same work and only the identity step differs.
enum DelegatedBenchmark {
    struct Report: Encodable {
        var chunks = 0
        var concurrency = 0
        var rounds = 0
        var apiKeyPerSecond = 0.0, rs256PerSecond = 0.0, eddsaPerSecond = 0.0
        /// A token seen before (the verified-token cache answers) and a token seen first (its
        /// signature verified; the provider's key cache warm).
        var rs256VerifyMicros = 0.0, eddsaVerifyMicros = 0.0
        var rs256FirstVerifyMicros = 0.0, eddsaFirstVerifyMicros = 0.0
        var errors = 0
    }

    static func run(chunks target: Int, concurrency: Int, seconds: Double, rounds: Int) async throws -> Report {
        var report = Report()
        (report.concurrency, report.rounds) = (concurrency, rounds)
        let work = NSTemporaryDirectory() + "ragvault-bench-delegated-\(UInt32.random(in: 0 ... .max))"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let vault = try Vault.initialize(at: work, keySource: .generatedKeyFile)
        vault.auditDisabled = true // the identity step is measured, not the trail
        try vault.createTenant("demo")
        let corpus = BenchCorpus.synthetic(count: target / 3)
        let store = try vault.store(for: "demo")
        var documents: [DocumentRecord] = []
        for d in corpus.documents where report.chunks < target {
            documents.append(d)
            report.chunks += d.chunks.count
        }
        for start in stride(from: 0, to: documents.count, by: 500) {
            try store.putDocuments(Array(documents[start..<min(documents.count, start + 500)]))
        }
        try store.optimize()

        // An identity provider: an RSA key (openssl) and an Ed25519 key (jwt-kit).
        let signers = JWTKeyCollection()
        let rsa = try Insecure.RSA.PrivateKey(pem: try SigningKeys.rsaPrivateKeyPEM())
        await signers.add(rsa: rsa, digestAlgorithm: .sha256, kid: "rsa")
        let ed = try EdDSA.PrivateKey(curve: .ed25519)
        await signers.add(eddsa: ed, kid: "ed")
        let (n, e) = try rsa.publicKey.getKeyPrimitives()
        let jwks = JWKS(keys: [
            .rsa(.rs256, identifier: "rsa", modulus: SigningKeys.base64url(n), exponent: SigningKeys.base64url(e)),
            .octetKeyPair(.eddsa, identifier: "ed", x: SigningKeys.base64url(ed.publicKey.rawRepresentation), y: nil, curve: .ed25519)
        ])
        let issuer = "https://idp.bench.example", audience = "ragvault-bench"
        try vault.setIdentityProviders(
            [
                IdentityProvider(
                    issuer: issuer, audience: audience, jwks: String(decoding: try JSONEncoder().encode(jwks), as: UTF8.self), rolesClaim: "roles")
            ], tenant: "demo")
        let now = Date().timeIntervalSince1970
        let claims = Claims(sub: "bench", iss: issuer, aud: audience, exp: now + 3600, roles: ["eng", "sales"])
        let rsaToken = try await signers.sign(claims, kid: "rsa")
        let edToken = try await signers.sign(claims, kid: "ed")
        let apiKey = try vault.createAPIKey(tenant: "demo", subject: "bench", roles: ["eng", "sales"], scopes: [.search]).key
        let delegatedKey = try vault.createAPIKey(tenant: "demo", subject: "assistant", roles: [], scopes: [.searchDelegated]).key

        // Verification alone, in process, cache warm.
        let credential = try vault.authenticate(apiKey: delegatedKey)
        for (token, keyPath) in [(rsaToken, \Report.rs256VerifyMicros), (edToken, \Report.eddsaVerifyMicros)] {
            for _ in 0..<50 { _ = try await vault.delegatedPrincipal(for: credential, userToken: token) }
            var times: [Double] = []
            for _ in 0..<500 {
                let t = DispatchTime.now().uptimeNanoseconds
                _ = try await vault.delegatedPrincipal(for: credential, userToken: token)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1000)
            }
            report[keyPath: keyPath] = HTTPBenchmark.percentile(times, 0.5)
        }
        for (kid, keyPath) in [("rsa", \Report.rs256FirstVerifyMicros), ("ed", \Report.eddsaFirstVerifyMicros)] {
            var times: [Double] = []
            for i in 0..<300 {
                var fresh = claims
                fresh.jti = "first-\(kid)-\(i)"
                let token = try await signers.sign(fresh, kid: JWKIdentifier(string: kid))
                let t = DispatchTime.now().uptimeNanoseconds
                _ = try await vault.delegatedPrincipal(for: credential, userToken: token)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1000)
            }
            report[keyPath: keyPath] = HTTPBenchmark.percentile(times, 0.5)
        }

        var random = SplitMix64(seed: 7)
        let middle = Array(corpus.vocabulary[50..<1500])
        let bodies = try (0..<400).map { _ in
            let query = (0..<(2 + Int(random.next() % 2))).map { _ in middle[Int(random.next() % UInt64(middle.count))] }.joined(separator: " ")
            return ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["query": query, "top_k": 10]))
        }
        var configuration = APIServer.Configuration()
        configuration.port = 0
        configuration.rateLimitPerSecond = 1e9
        configuration.rateLimitBurst = 1e9
        configuration.maxConcurrentRequests = 4096
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)))
        do {
            try await measure(
                client, vault, configuration, bodies: bodies, concurrency: concurrency, seconds: seconds, rounds: rounds,
                variants: [(apiKey, nil), (delegatedKey, rsaToken), (delegatedKey, edToken)], into: &report)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
        vault.close()
        return report
    }

    /// Throughput of each variant (key, user token) in alternated rounds.
    private static func measure(
        _ client: HTTPClient, _ vault: Vault, _ configuration: APIServer.Configuration, bodies: [ByteBuffer], concurrency: Int,
        seconds: Double, rounds: Int, variants: [(key: String, token: String?)], into report: inout Report
    ) async throws {
        var measured = report
        try await HTTPBenchmark.serving(vault, configuration) { base in
            var totals = [0, 0, 0]
            let errors = HTTPBenchmark.Counter()
            func throughput(_ variant: (key: String, token: String?), seconds: Double) async throws -> Int {
                let done = HTTPBenchmark.Counter()
                let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<concurrency {
                        group.addTask {
                            var i = worker
                            while DispatchTime.now().uptimeNanoseconds < deadline {
                                var request = HTTPBenchmark.searchRequest(base, key: variant.key, body: bodies[i % bodies.count])
                                if let token = variant.token { request.headers.add(name: "X-RAGVault-User-Token", value: token) }
                                let ok: Bool
                                do {
                                    let response = try await client.execute(request, timeout: .seconds(30))
                                    _ = try await response.body.collect(upTo: 16 << 20)
                                    ok = response.status == .ok
                                } catch { ok = false }
                                done.add(ok: ok)
                                if !ok { errors.add(ok: false) }
                                i += concurrency
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                return done.ok
            }
            for variant in variants { _ = try await throughput(variant, seconds: 0.5) } // warm connections, pages, key cache
            for round in 0..<rounds {
                // Rotate the order each round, so no variant always runs first.
                for k in 0..<3 {
                    let v = (round + k) % 3
                    totals[v] += try await throughput(variants[v], seconds: seconds)
                }
            }
            let elapsed = seconds * Double(rounds)
            (measured.apiKeyPerSecond, measured.rs256PerSecond, measured.eddsaPerSecond) =
                (Double(totals[0]) / elapsed, Double(totals[1]) / elapsed, Double(totals[2]) / elapsed)
            measured.errors = errors.failed
        }
        report = measured
    }

    struct Claims: JWTPayload {
        let sub: String, iss: String, aud: String, exp: Double
        let roles: [String]
        var jti = "bench"
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}
