import Foundation
import JWTKit
import RAGVault
import RAGVaultBench

/// An identity provider made in a test: its own RS256, ES256 and EdDSA keys (RSA from
/// openssl, the others from jwt-kit), the JWKS that publishes their public halves, and tokens
/// signed with them by jwt-kit.
public final class TestIdentityProvider: Sendable {
    public enum Key: String, CaseIterable, Sendable {
        case rsa = "rsa-1", ec = "ec-1", ed = "ed-1"
    }

    public let issuer: String
    public let audience: String
    /// Signs with the published keys, and with `unpublished` (kid "rsa-unpublished"), which no
    /// JWKS names.
    let signers: JWTKeyCollection
    /// `{"keys": [...]}` with the public halves of the published keys.
    public let jwks: String
    /// The RSA public key's PEM: the "secret" of an HS256 forgery.
    public let rsaPublicPEM: String

    public static func make(issuer: String, audience: String, keys: [Key] = Key.allCases, rsaKid: String = Key.rsa.rawValue) async throws
        -> TestIdentityProvider
    {
        let signers = JWTKeyCollection()
        var published: [JWK] = []
        let rsa = try Insecure.RSA.PrivateKey(pem: try SigningKeys.rsaPrivateKeyPEM())
        if keys.contains(.rsa) {
            await signers.add(rsa: rsa, digestAlgorithm: .sha256, kid: JWKIdentifier(string: rsaKid))
            let (n, e) = try rsa.publicKey.getKeyPrimitives()
            published.append(.rsa(.rs256, identifier: JWKIdentifier(string: rsaKid), modulus: base64url(n), exponent: base64url(e)))
        }
        if keys.contains(.ec) {
            let ec = ES256PrivateKey()
            await signers.add(ecdsa: ec, kid: "ec-1")
            let (x, y) = ec.publicKey.parameters!
            published.append(.ecdsa(.es256, identifier: "ec-1", x: x, y: y, curve: .p256))
        }
        if keys.contains(.ed) {
            let ed = try EdDSA.PrivateKey(curve: .ed25519)
            await signers.add(eddsa: ed, kid: "ed-1")
            published.append(.octetKeyPair(.eddsa, identifier: "ed-1", x: base64url(ed.publicKey.rawRepresentation), y: nil, curve: .ed25519))
        }
        let unpublished = try Insecure.RSA.PrivateKey(pem: try SigningKeys.rsaPrivateKeyPEM())
        await signers.add(rsa: unpublished, digestAlgorithm: .sha256, kid: "rsa-unpublished")
        // The classic confusion: HMAC keyed with the RSA public key, under the RSA key's kid.
        let forger = JWTKeyCollection()
        await forger.add(hmac: HMACKey(from: rsa.publicKey.pemRepresentation), digestAlgorithm: .sha256, kid: JWKIdentifier(string: rsaKid))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let jwks = String(decoding: try encoder.encode(JWKS(keys: published)), as: UTF8.self)
        return TestIdentityProvider(
            issuer: issuer, audience: audience, signers: signers, forger: forger, jwks: jwks, rsaPublicPEM: rsa.publicKey.pemRepresentation, rsaKid: rsaKid)
    }

    let forger: JWTKeyCollection
    let rsaKid: String

    init(issuer: String, audience: String, signers: JWTKeyCollection, forger: JWTKeyCollection, jwks: String, rsaPublicPEM: String, rsaKid: String) {
        (self.issuer, self.audience, self.signers, self.forger, self.jwks, self.rsaPublicPEM, self.rsaKid) =
            (issuer, audience, signers, forger, jwks, rsaPublicPEM, rsaKid)
    }

    /// The provider as a tenant would configure it (keys given as the JWKS document).
    public func provider(rolesClaim: String? = "roles", groupsClaim: String? = "groups", subjectClaim: String = "sub") -> IdentityProvider {
        IdentityProvider(issuer: issuer, audience: audience, jwks: jwks, subjectClaim: subjectClaim, rolesClaim: rolesClaim, groupsClaim: groupsClaim)
    }

    /// Standard claims for `subject`, valid for ten minutes, plus `extra` (which wins).
    public func claims(_ subject: String, _ extra: [String: JSONValue] = [:]) -> [String: JSONValue] {
        let now = Date().timeIntervalSince1970.rounded()
        let base: [String: JSONValue] = [
            "iss": .string(issuer), "aud": .string(audience), "sub": .string(subject), "iat": .number(now),
            "exp": .number(now + 600), "jti": .string(UUID().uuidString)
        ]
        return base.merging(extra) { $1 }
    }

    /// A token over `claims` signed with `key` (kid = the key's), or with the unpublished key.
    public func token(_ claims: [String: JSONValue], key: Key = .rsa, unpublished: Bool = false) async throws -> String {
        let kid = unpublished ? "rsa-unpublished" : (key == .rsa ? rsaKid : key.rawValue)
        return try await signers.sign(Payload(values: claims), kid: JWKIdentifier(string: kid))
    }

    /// HS256 over `claims`, keyed with the RSA public key's PEM, naming the RSA key's kid.
    public func forgedHS256(_ claims: [String: JSONValue]) async throws -> String {
        try await forger.sign(Payload(values: claims), kid: JWKIdentifier(string: rsaKid))
    }

    /// `alg: none`, no signature, naming the RSA key's kid.
    public func unsigned(_ claims: [String: JSONValue]) throws -> String {
        let header = #"{"alg":"none","kid":"\#(rsaKid)","typ":"JWT"}"#
        let payload = try JSONEncoder().encode(claims)
        return base64url(Data(header.utf8)) + "." + base64url(payload) + "."
    }

    struct Payload: JWTPayload {
        let values: [String: JSONValue]
        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(values)
        }
        init(values: [String: JSONValue]) { self.values = values }
        init(from decoder: Decoder) throws { values = try decoder.singleValueContainer().decode([String: JSONValue].self) }
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    public static func base64url(_ data: Data) -> String { SigningKeys.base64url(data) }
    func base64url(_ data: some DataProtocol) -> String { SigningKeys.base64url(data) }
}

/// A JWKS served over real HTTP on loopback by Python's http.server, from a file the test can
/// rewrite (key rotation) or the server stopped (an identity provider that is down).
public final class JWKSServer: @unchecked Sendable {
    public let directory: TemporaryDirectory
    let process: Process
    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)/jwks.json" }

    public init(jwks: String) throws {
        directory = try TemporaryDirectory("jwks")
        try Data(jwks.utf8).write(to: URL(fileURLWithPath: directory.file("jwks.json")))
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Binds first, then prints the port it got: the test waits for that line. Exits when its
        // parent (the test process) is gone: a crashed test must not leave it holding the
        // output pipe that `swift test` waits on.
        let script = """
            import http.server, functools, sys, os, threading, time
            parent = os.getppid()
            def watch():
                while os.getppid() == parent:
                    time.sleep(0.5)
                os._exit(0)
            threading.Thread(target=watch, daemon=True).start()
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
            handler.func.log_message = lambda *a: None
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """
        process.arguments = ["python3", "-c", script, directory.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line.append(byte) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw CocoaError(.fileReadUnknown) }
        self.port = port
    }

    public func publish(_ jwks: String) throws {
        try Data(jwks.utf8).write(to: URL(fileURLWithPath: directory.file("jwks.json")), options: .atomic)
    }

    /// SIGKILL: a child spawned from a thread that blocks SIGTERM (as Dispatch's do) inherits
    /// the block and would never see a terminate().
    public func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { if process.isRunning { stop() } }
}
