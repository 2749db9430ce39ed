import CSodium
import Foundation

/// What the catalog keeps of an API key: who it speaks for and what it may do — never the
/// secret (only a keyed hash of it, `APIKeySecret.hash`).
public struct APIKeyRecord: Codable, Sendable, Equatable {
    /// The public part of the key (`rvk_<id>_…`), for listings, logs and revocation.
    public var id: String
    /// The tenant's id, or nil for an operator key.
    var tenantID: String?
    /// The tenant's name (nil for operator keys).
    public var tenant: String?
    /// `user:ID`, or nil for a service key.
    public var subject: String?
    public var roles: [String]
    public var groups: [String]
    /// `search`, `ingest`, `admin` (tenant keys) or `operator`.
    public var scopes: Set<Scope>
    public var createdAt: String
    public var expiresAt: String?
    public var revokedAt: String?
    /// The key that minted this one over the API (nil: made by a local operator with the CLI).
    /// Revoking or expiring it ends this key too, and everything this key minted.
    public var createdBy: String?
    /// In listings: whether the key works now — not revoked or expired, nor any key above it.
    public var active: Bool?

    public var isOperator: Bool { tenantID == nil }

    enum CodingKeys: String, CodingKey {
        case id, tenant, subject, roles, groups, scopes, createdAt = "created_at", expiresAt = "expires_at", revokedAt = "revoked_at"
        case createdBy = "created_by", active
    }
}

/// The parts of a presented key `rvk_<16 hex id>_<43 base64url secret>` and the keyed hash
/// the catalog compares against, in constant time.
enum APIKeySecret {
    static let prefix = "rvk_"

    /// A new key: its id, the whole key string (shown once) and the secret's hash.
    static func generate(pepper: [UInt8]) -> (id: String, key: String, hash: [UInt8]) {
        let id = Sodium.randomHex(8)
        let secret = Data(Sodium.randomBytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return (id, "\(prefix)\(id)_\(secret)", hash(id: id, secret: secret, pepper: pepper))
    }

    /// (id, secret) of a well-formed key, else nil. Nothing about the key is echoed in errors.
    static func parse(_ key: String) -> (id: String, secret: String)? {
        guard key.hasPrefix(prefix), key.utf8.count == prefix.utf8.count + 16 + 1 + 43 else { return nil }
        let rest = key.dropFirst(prefix.count)
        let id = rest.prefix(16), separator = rest.dropFirst(16).first, secret = rest.dropFirst(17)
        guard separator == "_", id.allSatisfy(\.isHexDigit), id == id.lowercased(),
            secret.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
        else { return nil }
        return (String(id), String(secret))
    }

    /// Keyed BLAKE2b of id and secret under the catalog's pepper (the id binds the hash to its row).
    static func hash(id: String, secret: String, pepper: [UInt8]) -> [UInt8] {
        let message = Array("ragvault-api-key-v1\u{0}\(id)\u{0}\(secret)".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        crypto_generichash(&out, 32, message, UInt64(message.count), pepper, pepper.count)
        return out
    }

    /// Compared against when no key has the presented id: no real hash equals it, since a
    /// keyed BLAKE2b output of all zeros is never produced in practice.
    static let absent = [UInt8](repeating: 0, count: 32)

    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && sodium_memcmp(a, b, a.count) == 0
    }
}

/// A verified API key: the only way a remote caller becomes a `Principal`.
public struct Credential: Sendable, Equatable {
    public let keyID: String
    /// The tenant principal (tenant keys), or nil (operator keys: tenants and rotation only).
    public let principal: Principal?
    public let scopes: Set<Scope>

    public var isOperator: Bool { principal == nil }
}

extension APIKeyRecord {
    /// The public id part of a presented key string (for audit records of refusals), or nil
    /// when it is not shaped like a key. Never the secret.
    public static func publicID(of key: String) -> String? { APIKeySecret.parse(key)?.id }
}
