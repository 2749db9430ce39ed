import Foundation
import JWTKit

/// Every claim of a token, kept as JSON: which ones name the user, roles and groups is the
/// tenant's configuration, not a fixed schema. jwt-kit checks the signature before these are
/// trusted; the time, issuer and audience checks are `UserTokenVerifier`'s.
struct TokenClaims: JWTPayload {
    let values: [String: JSONValue]

    init(from decoder: Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(values)
    }

    /// Claims are checked after verification, against the tenant's configuration.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// The claim at `path`: a top-level claim of that exact name first (names may hold dots,
    /// e.g. `https://example.com/roles`), else the dotted path into nested objects
    /// (`realm_access.roles`).
    func value(at path: String) -> JSONValue? {
        if let direct = values[path] { return direct }
        var current: JSONValue? = .object(values)
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .object(let object) = current else { return nil }
            current = object[String(part)]
        }
        return current
    }

    func string(_ name: String) -> String? {
        if case .string(let s) = values[name] { return s }
        return nil
    }

    func number(_ name: String) -> Double? {
        if case .number(let n) = values[name] { return n }
        return nil
    }

    /// `aud`: a string or an array of strings (RFC 7519 §4.1.3).
    var audiences: [String] {
        switch values["aud"] {
        case .string(let s): return [s]
        case .array(let items): return items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
        default: return []
        }
    }
}

extension JSONValue {
    /// A claim read as a list of names: one string (never split: "Sales Team" is one group,
    /// not the groups "sales" and "team"), or an array of strings. Anything else is nil.
    var names: [String]? {
        switch self {
        case .string(let s): return [s]
        case .array(let items):
            var names: [String] = []
            for item in items {
                guard case .string(let s) = item else { return nil }
                names.append(s)
            }
            return names
        default: return nil
        }
    }
}
