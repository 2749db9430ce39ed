import Foundation

/// Document batches: one JSON object per line (`.ndjson`, `.jsonl`) or a JSON array (`.json`):
/// `{"id", "title", "text" | "markdown" | "html" | "rst" | ("content" + "media_type"),
///   "acl": {"allow": [...], "deny": [...]}, "metadata": {...}, "source": "uri"}`. The HTTP API
/// accepts the same shape.
package enum NDJSONBatch {
    struct Line: Decodable {
        var id: String?
        var title: String?
        var text: String?
        var markdown: String?
        var html: String?
        var rst: String?
        /// A file's text with its media type (`text/markdown`, `text/x-rst`, `text/html`, `text/plain`).
        var content: String?
        var mediaType: String?
        var acl: AccessList?
        var metadata: [String: MetadataValue]?
        var source: String?
        /// One vector for the document, kept for each of its chunks.
        var embedding: [Float]?
        /// Chunks the caller cut, instead of a body.
        var chunks: [Chunk]?

        struct Chunk: Decodable {
            var text: String
            var headingPath: [String]
            var embedding: [Float]?
            private enum CodingKeys: String, CodingKey, CaseIterable { case text, headingPath = "heading_path", embedding }
            init(from decoder: Decoder) throws {
                try StrictKeys.check(decoder, known: Set(CodingKeys.allCases.map(\.rawValue)))
                let c = try decoder.container(keyedBy: CodingKeys.self)
                text = try c.decode(String.self, forKey: .text)
                headingPath = try c.decodeIfPresent([String].self, forKey: .headingPath) ?? []
                embedding = try c.decodeIfPresent([Float].self, forKey: .embedding)
            }
        }

        /// Caller-cut chunks per document at most.
        static let maxChunks = 10_000

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case id, title, text, markdown, html, rst, content, mediaType = "media_type", acl, metadata, source, embedding, chunks
        }

        init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, known: Set(CodingKeys.allCases.map(\.rawValue)))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decodeIfPresent(String.self, forKey: .id)
            title = try c.decodeIfPresent(String.self, forKey: .title)
            text = try c.decodeIfPresent(String.self, forKey: .text)
            markdown = try c.decodeIfPresent(String.self, forKey: .markdown)
            html = try c.decodeIfPresent(String.self, forKey: .html)
            rst = try c.decodeIfPresent(String.self, forKey: .rst)
            content = try c.decodeIfPresent(String.self, forKey: .content)
            mediaType = try c.decodeIfPresent(String.self, forKey: .mediaType)
            acl = try c.decodeIfPresent(AccessList.self, forKey: .acl)
            metadata = try c.decodeIfPresent([String: MetadataValue].self, forKey: .metadata)
            source = try c.decodeIfPresent(String.self, forKey: .source)
            embedding = try c.decodeIfPresent([Float].self, forKey: .embedding)
            chunks = try c.decodeIfPresent([Chunk].self, forKey: .chunks)
        }
    }

    /// Metadata values may be strings, numbers or booleans; they are stored as strings.
    enum MetadataValue: Decodable {
        case value(String)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) {
                self = .value(s)
            } else if let i = try? c.decode(Int64.self) {
                self = .value(String(i))
            } else if let d = try? c.decode(Double.self) {
                self = .value(String(d))
            } else if let b = try? c.decode(Bool.self) {
                self = .value(String(b))
            } else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "metadata values must be strings, numbers or booleans")
            }
        }
        var string: String { if case .value(let s) = self { return s }; return "" }
    }

    /// Turns one decoded line into a document or a reason it cannot be one.
    static func item(from data: Data, label: String, defaultACL: AccessList?, maxBytes: Int) -> SourceItem {
        if let refusal = jsonRefusal(data, label: label) { return refusal }
        let line: Line
        do {
            line = try JSONDecoder().decode(Line.self, from: data)
        } catch {
            return .unusable(id: label, code: "invalid_json", reason: "not a valid document object: \(describe(error))")
        }
        return item(from: line, label: label, defaultACL: defaultACL, maxBytes: maxBytes)
    }

    /// One document of a batch; its body obeys the same size limit as a file (`maxBytes`).
    static func item(from line: Line, label: String, defaultACL: AccessList?, maxBytes: Int) -> SourceItem {
        guard let id = line.id, !id.isEmpty, id.utf8.count <= 512 else {
            return .unusable(id: label, code: "missing_id", reason: "\"id\" is required (1-512 bytes)")
        }
        var typed: DocumentFormat?
        if let mediaType = line.mediaType {
            guard let format = DocumentFormat.forMediaType(mediaType) else {
                return .unusable(
                    id: "\(label) (\(id))", code: "unsupported_media_type",
                    reason: "media_type must be text/markdown, text/x-rst, text/html or text/plain")
            }
            typed = format
        }
        guard (line.content == nil) == (typed == nil) else {
            return .unusable(id: "\(label) (\(id))", code: "invalid_body", reason: "\"content\" and \"media_type\" go together")
        }
        let bodies: [(String, DocumentFormat)] = [
            (line.text, .text), (line.markdown, .markdown), (line.html, .html),
            (line.rst, .restructuredText), (line.content, typed ?? .text)
        ]
        .compactMap { body, format in body.map { ($0, format) } }
        if let chunks = line.chunks {
            guard bodies.isEmpty else {
                return .unusable(id: "\(label) (\(id))", code: "invalid_body", reason: "\"chunks\" replaces the body: send one or the other")
            }
            guard (1...Line.maxChunks).contains(chunks.count) else {
                return .unusable(id: "\(label) (\(id))", code: "invalid_chunks", reason: "\"chunks\" holds 1 to \(Line.maxChunks) chunks")
            }
            let size = chunks.reduce(0) { $0 + $1.text.utf8.count + $1.headingPath.reduce(0) { $0 + $1.utf8.count } }
            guard size <= maxBytes else {
                return .unusable(id: "\(label) (\(id))", code: "too_large", reason: "chunks of \(size) bytes, over the limit of \(maxBytes)")
            }
            return .document(
                SourceDocument(
                    externalID: id,
                    chunks: chunks.map { SourceDocument.CallerChunk(text: $0.text, headingPath: $0.headingPath, embedding: $0.embedding) },
                    title: line.title, acl: line.acl ?? defaultACL, metadata: (line.metadata ?? [:]).mapValues(\.string), source: line.source,
                    embedding: line.embedding))
        }
        guard bodies.count == 1, let (body, format) = bodies.first else {
            return .unusable(
                id: "\(label) (\(id))", code: "invalid_body",
                reason: "exactly one of \"text\", \"markdown\", \"html\", \"rst\", \"content\" (with \"media_type\") or \"chunks\" is required")
        }
        guard body.utf8.count <= maxBytes else {
            return .unusable(id: "\(label) (\(id))", code: "too_large", reason: "document of \(body.utf8.count) bytes, over the limit of \(maxBytes)")
        }
        return .document(
            SourceDocument(
                externalID: id, format: format, bytes: Array(body.utf8), title: line.title,
                acl: line.acl ?? defaultACL,
                metadata: (line.metadata ?? [:]).mapValues(\.string), source: line.source, embedding: line.embedding))
    }

    /// One line of a batch file, or how long a line was that passed the limit.
    package enum LineContent {
        case line(Data)
        case tooLong(bytes: Int)
    }

    /// Streams the lines of an NDJSON file without loading it whole, in time linear in its
    /// size: each byte is searched for a newline once. A line longer than `maxLineBytes` is
    /// refused as soon as it passes the limit; the rest of it is skipped unread into memory.
    package static func forEachLine(of path: String, maxLineBytes: Int, _ body: (Int, LineContent) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RAGVaultError(.invalidInput, "cannot read \(path)")
        }
        defer { try? handle.close() }
        var line = [UInt8]()
        var number = 0
        var skipping = 0 // > 0: bytes of an over-long line seen so far
        func blank(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 } }
        while true {
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            try chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let bytes = raw.bindMemory(to: UInt8.self)
                var start = 0
                while start < bytes.count {
                    let newline = bytes[start...].firstIndex(of: 0x0A)
                    let end = newline ?? bytes.count
                    if skipping > 0 {
                        skipping += end - start
                    } else if line.count + (end - start) > maxLineBytes {
                        skipping = line.count + (end - start)
                        line.removeAll(keepingCapacity: false)
                    } else {
                        line.append(contentsOf: bytes[start..<end])
                    }
                    guard newline != nil else { break }
                    number += 1
                    if skipping > 0 {
                        try body(number, .tooLong(bytes: skipping))
                    } else if !blank(line) {
                        try body(number, .line(Data(line)))
                    }
                    skipping = 0
                    line.removeAll(keepingCapacity: true)
                    start = end + 1
                }
            }
        }
        if skipping > 0 {
            try body(number + 1, .tooLong(bytes: skipping))
        } else if !blank(line) {
            try body(number + 1, .line(Data(line)))
        }
    }

    /// A document the linear pre-check refuses (`JSONCheck`): a key given twice, even escaped
    /// differently — `"deny"` twice in an ACL would silently drop a deny — nesting past the
    /// limit, or broken syntax, before any decoder spends time on it.
    static func jsonRefusal(_ data: Data, label: String) -> SourceItem? {
        guard let problem = JSONCheck.problem(in: data) else { return nil }
        return .unusable(id: label, code: problem.code, reason: problem.message)
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
