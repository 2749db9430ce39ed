/// An FTS5 MATCH expression over a tenant's index, built only from quoted terms and the
/// combinators below — there is no way to make one from raw text. So a user's words can never
/// reach the ACL or PII-token columns, and only `permitted(tokens:)` names the ACL columns.
/// (The query compiler and the ACL code build these; the store runs them.)
public struct MatchExpression: Hashable, Sendable {
    /// The FTS5 text, as SQLite receives it (also a cache key).
    public let fts: String

    private init(_ fts: String) { self.fts = fts }

    /// The index columns a term may match.
    public enum Columns: Sendable {
        /// Title, heading and body: every user-typed word.
        case text
        /// Keyed tokens of PII values (`IndexForm`), for values the caller sees unmasked.
        case pii
    }

    /// One quoted term or phrase; `prefix` matches a last token by prefix.
    public static func term(_ text: String, in columns: Columns, prefix: Bool = false) -> MatchExpression {
        let filter: String
        switch columns {
        case .text: filter = "{title heading body}"
        case .pii: filter = "pii"
        }
        return MatchExpression("(\(filter) : \(quote(text))" + (prefix ? " *" : "") + ")")
    }

    /// Every part matches.
    public static func allOf(_ parts: [MatchExpression]) -> MatchExpression {
        MatchExpression("(" + parts.map(\.fts).joined(separator: " AND ") + ")")
    }

    /// Any part matches.
    public static func anyOf(_ parts: [MatchExpression]) -> MatchExpression {
        MatchExpression("(" + parts.map(\.fts).joined(separator: " OR ") + ")")
    }

    /// Rows this matches and none of `excluded` does.
    public func excluding(_ excluded: [MatchExpression]) -> MatchExpression {
        guard !excluded.isEmpty else { return self }
        return MatchExpression("(\(fts) NOT (" + excluded.map(\.fts).joined(separator: " OR ") + "))")
    }

    /// Rows this matches that `other` matches too.
    public func and(_ other: MatchExpression) -> MatchExpression {
        MatchExpression("(\(fts)) AND \(other.fts)")
    }

    /// Rows whose document's ACL allows one of the opaque principal tokens (`AccessList.token`)
    /// and denies none of them.
    static func permitted(tokens: [String]) -> MatchExpression {
        let any = tokens.map(quote).joined(separator: " OR ")
        return MatchExpression("((allow : (\(any))) NOT (deny : (\(any))))")
    }

    /// A quoted FTS5 string; `"` doubled, so nothing inside can end the string.
    static func quote(_ s: String) -> String {
        guard s.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + s + "\"" }
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
