/// What a document id may hold — decided once, for every interface (HTTP paths and bodies,
/// MCP, CLI files and batches, manifests).
///
/// SQLite and C strings end at NUL, terminals obey control characters, and bidi overrides
/// make an id read differently from what it is: `eng/plan.md\0evil` reached `eng/plan.md`
/// while the response and audit record named the longer id. So an id is 1-512 bytes of
/// UTF-8 with no C0 or C1 control, no DEL, and no bidi formatting character (U+061C,
/// U+200E-200F, U+202A-202E, U+2066-2069); anything else is kept exactly as given.
public enum DocumentID {
    public static let maxBytes = 512

    /// Throws `invalid_id` naming the first offending character's position.
    public static func validate(_ id: String) throws(RAGVaultError) {
        guard !id.isEmpty, id.utf8.count <= maxBytes else {
            throw RAGVaultError(.invalidID, "a document id must be 1-\(maxBytes) bytes of UTF-8 (this one is \(id.utf8.count))")
        }
        for (offset, scalar) in id.unicodeScalars.enumerated() where isRefused(scalar) {
            throw RAGVaultError(
                .invalidID,
                "the document id holds U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4)) at character \(offset): control and bidi formatting characters are not allowed in ids"
            )
        }
    }

    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The id with every refused character shown as `\u{…}`: for printing ids that were
    /// stored before this rule (a terminal must never receive them raw).
    public static func printable(_ id: String) -> String {
        var out = ""
        for scalar in id.unicodeScalars {
            if isRefused(scalar) { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
