import Foundation

/// What `Retriever.detokenise` returns: the text with every token this reader may resolve
/// replaced by its value, and how many were resolved and left.
public struct DetokenisedText: Encodable, Sendable, Equatable {
    public let text: String
    public let resolved: Int
    public let unresolved: Int
}

extension Retriever {
    /// Texts longer than this are refused (an answer of a model is far shorter).
    public static let maxDetokeniseBytes = 256 << 10

    /// Resolves the reversible tokens (`[EMAIL:7f3a9c0d12e4b5a6]`, policy action `tokenise`) in
    /// `text` back to their values — only tokens of a type the tenant's policy shows this
    /// principal unmasked (an exemption), only values of this tenant's documents that still
    /// exist and that the principal may read (a token handed on by someone else opens nothing
    /// behind an ACL). Every other token, and anything that only looks like one, is left as it
    /// is. Audited with counts, never values.
    public func detokenise(_ text: String, as principal: Principal, audit: AuditContext? = nil) throws -> DetokenisedText {
        try vault.audited(audit, "detokenise", tenant: principal.tenant, subject: principal.subject) { record in
            try principal.require([.search], to: "detokenise")
            guard text.utf8.count <= Self.maxDetokeniseBytes else {
                throw RAGVaultError(.invalidInput, "the text is longer than \(Self.maxDetokeniseBytes) bytes; detokenise it in parts")
            }
            let (store, _, _, policy) = try vault.searchConfiguration(for: principal.tenant) // one catalog read
            let roles = principal.exemptionNames
            var counts: [String: Int] = [:]
            var unresolved = 0
            let out = try ReversibleToken.replacing(in: text) { type, digits in
                guard policy.mode(for: type, roles: roles) == .allow, let value = try store.tokenValue(digits, type: type, readable: principal.mayRead) else {
                    unresolved += 1
                    return nil
                }
                counts[type.rawValue, default: 0] += 1
                return value
            }
            counts["unresolved"] = unresolved
            record.tokens = counts
            let resolved = counts.filter { $0.key != "unresolved" }.values.reduce(0, +)
            return DetokenisedText(text: out, resolved: resolved, unresolved: unresolved)
        }
    }
}

/// The form of a reversible token in text: `[`, a PII type's name, `:`, sixteen lower-case hex
/// digits, `]` (`Redactor.replacementText` for `tokenise`).
enum ReversibleToken {
    /// `text` with each token replaced by what `resolve` gives (kept as is for nil).
    static func replacing(in text: String, resolve: (EntityType, String) throws -> String?) throws -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0, copied = 0
        while i < bytes.count {
            guard bytes[i] == 0x5B, let (type, digits, end) = token(bytes, at: i) else { i += 1; continue }
            guard let value = try resolve(type, digits) else { i = end; continue }
            out.append(contentsOf: bytes[copied..<i])
            out.append(contentsOf: value.utf8)
            (i, copied) = (end, end)
        }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The token starting at `i` ('['): its type, digits, and where it ends.
    private static func token(_ b: [UInt8], at i: Int) -> (EntityType, String, Int)? {
        var j = i + 1
        while j < b.count, j - i <= 24, (b[j] >= 0x41 && b[j] <= 0x5A) || b[j] == 0x5F { j += 1 }
        guard j < b.count, b[j] == 0x3A, j > i + 1,
            let type = EntityType(rawValue: String(decoding: b[(i + 1)..<j], as: UTF8.self)), !type.isSecret,
            j + 18 <= b.count, b[j + 17] == 0x5D,
            b[(j + 1)..<(j + 17)].allSatisfy({ Bytes.isDigit($0) || ($0 >= 0x61 && $0 <= 0x66) })
        else { return nil }
        return (type, String(decoding: b[(j + 1)..<(j + 17)], as: UTF8.self), j + 18)
    }
}
