import Foundation
import MCP
import RAGVault

/// A tool failure as the agent sees it: `isError`, the stable code and a message, as text and
/// as structured content.
struct ToolFailure: Error {
    let code: String
    let message: String

    var result: CallTool.Result {
        let body: Value = .object(["error": .object(["code": .string(code), "message": .string(message)])])
        return CallTool.Result(content: [.text("error [\(code)]: \(message)")], structuredContent: Optional(body), isError: true)
    }
}

/// `search` arguments, strictly: unknown names are refused (no argument can name a tenant,
/// role, group or user, and a typo never passes silently).
struct SearchArguments {
    let query: String
    let topK: Int?
    let documentIDs: [String]?

    init(_ arguments: [String: Value]) throws {
        try Self.refuseUnknown(arguments, known: ["query", "top_k", "document_ids"])
        guard case .string(let query)? = arguments["query"] else {
            throw ToolFailure(code: "invalid_field", message: "'query' is required and must be a string")
        }
        self.query = query
        switch arguments["top_k"] {
        case nil, .null?: topK = nil
        case .int(let k)?: topK = k
        case .double(let d)? where d == d.rounded(): topK = Int(d)
        default: throw ToolFailure(code: "invalid_field", message: "'top_k' must be an integer from 1 to 50")
        }
        switch arguments["document_ids"] {
        case nil, .null?: documentIDs = nil
        case .array(let values)?:
            documentIDs = try values.map {
                guard case .string(let s) = $0 else { throw ToolFailure(code: "invalid_field", message: "'document_ids' must be strings") }
                return s
            }
        default: throw ToolFailure(code: "invalid_field", message: "'document_ids' must be an array of strings")
        }
    }

    static func refuseUnknown(_ arguments: [String: Value], known: Set<String>) throws {
        if let unknown = arguments.keys.sorted().first(where: { !known.contains($0) }) {
            throw ToolFailure(code: "unknown_field", message: "unknown argument '\(unknown.prefix(64))' (known: \(known.sorted().joined(separator: ", ")))")
        }
    }
}

struct FetchArguments {
    let id: String

    init(_ arguments: [String: Value]) throws {
        try SearchArguments.refuseUnknown(arguments, known: ["id"])
        guard case .string(let id)? = arguments["id"], !id.isEmpty else {
            throw ToolFailure(code: "invalid_field", message: "'id' is required: a passage id from search results")
        }
        self.id = id
    }
}

struct SearchHit: Codable {
    let id: String
    let title: String
    let url: String
    let documentID: String
    let headingPath: [String]
    let snippet: String
    let flags: [String]

    enum CodingKeys: String, CodingKey { case id, title, url, documentID = "document_id", headingPath = "heading_path", snippet, flags }

    init(_ p: Passage) {
        (id, title, documentID, headingPath, snippet, flags) = (p.chunkID, p.title, p.documentID, p.headingPath, p.snippet, p.flags)
        url = RetrievalTools.citation(document: p.documentID, chunk: p.chunkID)
    }
}

struct SearchOutput: Codable {
    let results: [SearchHit]
    /// text, vector or hybrid: the tenant's search mode decides (MCP sends no vectors).
    let searchMode: String
    enum CodingKeys: String, CodingKey { case results, searchMode = "search_mode" }
}

struct FetchOutput: Codable {
    struct Metadata: Codable {
        let documentID: String
        let headingPath: [String]
        let flags: [String]
        let redactions: [String: Int]
        enum CodingKeys: String, CodingKey { case documentID = "document_id", headingPath = "heading_path", flags, redactions }
    }
    let id: String
    let title: String
    let text: String
    let url: String
    let metadata: Metadata

    init(_ c: ChunkView) {
        (id, title, text) = (c.chunkID, c.title, c.text)
        url = RetrievalTools.citation(document: c.documentID, chunk: c.chunkID)
        metadata = Metadata(documentID: c.documentID, headingPath: c.headingPath, flags: c.flags, redactions: c.redactions)
    }
}
