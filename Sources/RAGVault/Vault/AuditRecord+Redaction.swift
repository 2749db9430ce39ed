import Foundation

extension AuditRecord {
    /// The record with every id a caller typed — document ids, and chunk ids not of our own
    /// 16-hex form — passed through the redactor, as queries are: `GET /v1/chunks/AKIA…` or a
    /// document id holding a token must not put the token in a log kept for years. Chunk ids
    /// we minted (every search lists them) are keyed hashes and skip the redactor; tenant and
    /// subject names were validated principal names when they were created.
    func withCallerStringsRedacted() -> AuditRecord {
        let typedChunkIDs = chunkIDs?.contains { !IndexKeys.isChunkID($0) } ?? false
        guard documents?.isEmpty == false || typedChunkIDs else { return self }
        var copy = self
        let redactor = Redactor()
        func clean(_ text: String) -> String { text.isEmpty ? text : redactor.redact(text).text }
        copy.documents = documents?.map {
            var d = $0; d.id = clean(d.id); return d
        }
        if typedChunkIDs { copy.chunkIDs = chunkIDs?.map { IndexKeys.isChunkID($0) ? $0 : clean($0) } }
        return copy
    }
}
