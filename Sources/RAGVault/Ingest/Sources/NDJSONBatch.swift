import Foundation

/// Document batches: one JSON object per line (`.ndjson`, `.jsonl`) or a JSON array (`.json`):
/// `{"id", "title", "text" | "markdown" | "html", "acl": {"allow": [...], "deny": [...]},
///   "metadata": {...}, "source": "uri"}`. The HTTP API accepts the same shape.
enum NDJSONBatch {
    struct Line: Decodable {
        var id: String?
        var title: String?
        var text: String?
        var markdown: String?
        var html: String?
        var acl: AccessList?
        var metadata: [String: MetadataValue]?
        var source: String?
    }

    /// Metadata values may be strings, numbers or booleans; they are stored as strings.
    enum MetadataValue: Decodable {
        case value(String)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { self = .value(s) }
            else if let i = try? c.decode(Int64.self) { self = .value(String(i)) }
            else if let d = try? c.decode(Double.self) { self = .value(String(d)) }
            else if let b = try? c.decode(Bool.self) { self = .value(String(b)) }
            else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "metadata values must be strings, numbers or booleans") }
        }
        var string: String { if case .value(let s) = self { return s }; return "" }
    }

    /// Turns one decoded line into a document or a reason it cannot be one.
    static func item(from data: Data, label: String, defaultACL: AccessList?) -> SourceItem {
        let line: Line
        do {
            line = try JSONDecoder().decode(Line.self, from: data)
        } catch {
            return .unusable(id: label, code: "invalid_json", reason: "not a valid document object: \(describe(error))")
        }
        return item(from: line, label: label, defaultACL: defaultACL)
    }

    static func item(from line: Line, label: String, defaultACL: AccessList?) -> SourceItem {
        guard let id = line.id, !id.isEmpty, id.utf8.count <= 512 else {
            return .unusable(id: label, code: "missing_id", reason: "\"id\" is required (1-512 bytes)")
        }
        let bodies: [(String, DocumentFormat)] = [(line.text, .text), (line.markdown, .markdown), (line.html, .html)]
            .compactMap { body, format in body.map { ($0, format) } }
        guard bodies.count == 1, let (body, format) = bodies.first else {
            return .unusable(id: "\(label) (\(id))", code: "invalid_body", reason: "exactly one of \"text\", \"markdown\" or \"html\" is required")
        }
        return .document(SourceDocument(externalID: id, format: format, bytes: Array(body.utf8), title: line.title,
                                        acl: line.acl ?? defaultACL,
                                        metadata: (line.metadata ?? [:]).mapValues(\.string), source: line.source))
    }

    /// Streams the lines of an NDJSON file without loading it whole.
    static func forEachLine(of path: String, _ body: (Int, Data) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RAGVaultError(.invalidInput, "cannot read \(path)")
        }
        defer { try? handle.close() }
        var buffer = Data()
        var number = 0
        while true {
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 0x0A) {
                number += 1
                let line = buffer[buffer.startIndex..<newline]
                if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { try body(number, Data(line)) }
                buffer.removeSubrange(buffer.startIndex...newline)
            }
        }
        if !buffer.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 || $0 == 0x0A }) { try body(number + 1, buffer) }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c), DecodingError.dataCorrupted(let c):
            let path = c.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? c.debugDescription : "\(path): \(c.debugDescription)"
        case DecodingError.keyNotFound(let key, _):
            return "missing \(key.stringValue)"
        default:
            return "malformed JSON"
        }
    }
}
