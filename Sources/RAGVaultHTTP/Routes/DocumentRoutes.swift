import Foundation
import Hummingbird
import NIOCore
import RAGVault

/// Documents of the key's tenant: read (metadata, ACL for admins, chunk list), write one,
/// stream a batch, delete, change an ACL — the same pipeline as `ragvault index`.
struct DocumentRoutes {
    let retriever: Retriever
    let work: BlockingWork
    let timeout: Double

    /// `GET /documents/{id}` alone (the reads an OAuth access token may make).
    func addReads(to group: RouterGroup<APIContext>) {
        group.get("documents/{id}") { _, context in
            let access = try context.access(retriever)
            let id = try context.pathParameter("id")
            return try JSONBody.response(try await work.run(timeout: timeout) { try access.document(id) })
        }
    }

    func add(to group: RouterGroup<APIContext>) {
        addReads(to: group)
        group.put("documents/{id}") { request, context in
            let access = try context.access(retriever)
            let id = try context.pathParameter("id")
            try access.requireWriter() // before reading a body of up to 8 MB
            let body = try await JSONBody.read(request, limit: Vault.maxDocumentBytes + (64 << 10))
            let result = try await work.run { try access.writeDocument(json: body, pathID: id) }
            if result.isSkipped, result.code == RAGVaultError.Code.embedderUnavailable.rawValue {
                // Nothing was written; the document itself was fine.
                throw APIError(RAGVaultError(.embedderUnavailable, result.reason ?? "the tenant's embedder is unavailable"))
            }
            if result.isSkipped { throw APIError.invalid(result.code ?? "invalid_document", result.reason ?? "the document was refused") }
            return try JSONBody.response(result, status: result.outcome == "added" ? .created : .ok)
        }
        group.delete("documents/{id}") { _, context in
            let access = try context.access(retriever)
            let id = try context.pathParameter("id")
            return try JSONBody.response(try await work.run { try access.deleteDocument(id) })
        }
        group.patch("documents/{id}/acl") { request, context in
            let access = try context.access(retriever)
            let id = try context.pathParameter("id")
            try access.requireWriter()
            let acl = try await JSONBody.decode(AccessList.self, from: request, limit: 64 << 10)
            return try JSONBody.response(try await work.run { try access.updateACL(id, to: acl) })
        }
        group.post("documents:batch") { request, context in
            let access = try context.access(retriever)
            try access.requireWriter()
            let type = HeaderValue.mediaType(request.headers[.contentType])
            guard type == "application/x-ndjson" || type == "application/jsonl" else {
                throw APIError.invalid("unsupported_media_type", "Content-Type must be application/x-ndjson (one JSON document per line)")
            }
            let work = self.work
            return Response(
                status: .ok, headers: [.contentType: "application/x-ndjson"],
                body: ResponseBody { writer in
                    var lines = NDJSONLines(maxLineBytes: Vault.maxDocumentBytes + (64 << 10))
                    var number = 0
                    func answer(_ result: DocumentWriteResult, line: Int) async throws {
                        struct Line: Encodable { let line: Int; let result: DocumentWriteResult }
                        var data = try JSONEncoder().encode(Line(line: line, result: result))
                        data.append(0x0A)
                        try await writer.write(ByteBuffer(bytes: data))
                    }
                    func handle(_ item: NDJSONLines.Item) async throws {
                        number += 1
                        switch item {
                        case .tooLong(let bytes):
                            try await answer(
                                DocumentWriteResult(
                                    id: "", outcome: "skipped", code: "too_large",
                                    reason: "a line of \(bytes) bytes is over the limit"), line: number)
                        case .blank:
                            break
                        case .line(let data):
                            let result: DocumentWriteResult
                            if String(validating: data, as: UTF8.self) == nil {
                                result = DocumentWriteResult(id: "", outcome: "skipped", code: "invalid_utf8", reason: "the line is not valid UTF-8")
                            } else {
                                do {
                                    result = try await work.run { try access.writeDocument(json: data, pathID: nil) }
                                } catch let error as RAGVaultError {
                                    result = DocumentWriteResult(id: "", outcome: "skipped", code: error.code.rawValue, reason: error.message)
                                }
                            }
                            try await answer(result, line: number)
                        }
                    }
                    for try await buffer in request.body {
                        for item in lines.feed(buffer.readableBytesView) { try await handle(item) }
                    }
                    for item in lines.finish() { try await handle(item) }
                    try await writer.finish(nil)
                })
        }
    }
}

/// Splits a streamed body into lines without holding more than one line; a line over the
/// limit is reported once and skipped unread.
struct NDJSONLines {
    enum Item { case line(Data), blank, tooLong(Int) }
    let maxLineBytes: Int
    private var line = [UInt8]()
    private var skipping = 0

    init(maxLineBytes: Int) { self.maxLineBytes = maxLineBytes }

    mutating func feed<C: Collection>(_ bytes: C) -> [Item] where C.Element == UInt8 {
        var items: [Item] = []
        var rest = bytes[...]
        while !rest.isEmpty {
            let newline = rest.firstIndex(of: 0x0A)
            let piece = rest[..<(newline ?? rest.endIndex)]
            if skipping > 0 {
                skipping += piece.count
            } else if line.count + piece.count > maxLineBytes {
                skipping = line.count + piece.count; line.removeAll()
            } else {
                line.append(contentsOf: piece)
            }
            guard let newline else { break }
            items.append(take())
            rest = rest[rest.index(after: newline)...]
        }
        return items
    }

    mutating func finish() -> [Item] {
        guard skipping > 0 || !line.isEmpty else { return [] }
        return [take()]
    }

    private mutating func take() -> Item {
        defer { line.removeAll(keepingCapacity: true); skipping = 0 }
        if skipping > 0 { return .tooLong(skipping) }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .blank }
        return .line(Data(line))
    }
}
