@testable import RAGVault

/// Small builders for documents and keys used across the storage tests.
enum Fixtures {
    static func key() throws -> SecureBytes { try SecureBytes(randomCount: vaultKeyLength) }

    static func document(
        _ id: String, text: String, title: String = "Doc", allow: [String] = ["role:eng"],
        chunks: Int = 1
    ) -> DocumentRecord {
        let parts = (0..<chunks).map { i in
            ChunkRecord(
                ordinal: i, headingPath: ["Section \(i)"], startOffset: i * text.count,
                endOffset: (i + 1) * text.count, text: chunks == 1 ? text : "\(text) part \(i)")
        }
        return DocumentRecord(
            externalID: id, title: title, contentHash: "h-\(id)-\(text.hashValue)",
            acl: AccessList(allow: allow), chunks: parts)
    }
}
