import Foundation

/// Walks the paths given to `ragvault index` in sorted order and yields each document (or
/// why a file cannot be one), one at a time: memory stays flat in corpus size.
public struct DirectorySource: Sendable {
    public var paths: [String]
    public var defaultAllow: [String]
    public var extraDeny: [String]
    public var maxDocumentBytes: Int

    public init(paths: [String], defaultAllow: [String] = [], extraDeny: [String] = [], maxDocumentBytes: Int = 20_000_000) {
        self.paths = paths
        self.defaultAllow = defaultAllow
        self.extraDeny = extraDeny
        self.maxDocumentBytes = maxDocumentBytes
    }

    /// Files that will be visited and their total size (for progress and ETA).
    public func plan() -> (files: Int, bytes: Int64) {
        var files = 0
        var bytes: Int64 = 0
        for path in paths {
            for case .file(_, let full) in FileTree.entries(under: path) {
                files += 1
                bytes += Int64(Self.size(of: full))
            }
        }
        return (files, bytes)
    }

    /// Calls `body` for every item, with the size in bytes of the file it came from.
    public func forEach(_ body: (SourceItem, Int) throws -> Void) throws {
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else {
                try body(.unusable(id: path, code: "not_found", reason: "no such file or directory"), 0)
                continue
            }
            let root = FileTree.root(of: path)
            let resolver = ACLResolver(root: root.isEmpty ? "." : root, defaultAllow: defaultAllow, extraDeny: extraDeny)
            for entry in FileTree.entries(under: path) {
                switch entry {
                case .file(let relative, let full): try visit(relative: relative, full: full, resolver: resolver, body)
                case .skipped(let relative, let code, let reason): try body(.unusable(id: relative, code: code, reason: reason), 0)
                }
            }
        }
    }

    private func visit(relative: String, full: String, resolver: ACLResolver, _ body: (SourceItem, Int) throws -> Void) throws {
        let size = Self.size(of: full)
        let ext = (relative as NSString).pathExtension.lowercased()
        if ext == "ndjson" || ext == "jsonl" || ext == "json" {
            // Lines without an "acl" take the folder's manifest (or the --allow default).
            let folderACL: AccessList?
            do { folderACL = try resolver.acl(for: relative) } catch let error as RAGVaultError {
                return try body(.unusable(id: relative, code: "manifest_invalid", reason: error.message), size)
            }
            return try visitBatch(relative: relative, full: full, json: ext == "json", size: size, fallback: folderACL, body)
        }
        guard let format = DocumentFormat.forExtension(ext) else {
            return try body(
                .unusable(id: relative, code: "unsupported_type", reason: "not a document type RAGVault indexes (.md .rst .html .txt .ndjson .json)"), size)
        }
        guard size <= maxDocumentBytes else {
            return try body(.unusable(id: relative, code: "too_large", reason: "\(size) bytes, over the limit of \(maxDocumentBytes)"), size)
        }
        let acl: AccessList?
        do {
            acl = try resolver.acl(for: relative)
        } catch let error as RAGVaultError {
            return try body(.unusable(id: relative, code: "manifest_invalid", reason: error.message), size)
        }
        guard let bytes = FileManager.default.contents(atPath: full).map(Array.init) else {
            return try body(.unusable(id: relative, code: "unreadable", reason: "cannot read the file"), size)
        }
        try body(
            .document(
                SourceDocument(
                    externalID: relative, format: format, bytes: bytes, acl: acl,
                    source: "file://" + ((full as NSString).standardizingPath))), size)
    }

    private func visitBatch(
        relative: String, full: String, json: Bool, size: Int, fallback: AccessList?,
        _ body: (SourceItem, Int) throws -> Void
    ) throws {
        func withDeny(_ item: SourceItem) -> SourceItem {
            guard case .document(var doc) = item, let acl = doc.acl else { return item }
            var deny = acl.deny
            for d in extraDeny where !deny.contains(d) { deny.append(d) }
            doc.acl = AccessList(allow: acl.allow, deny: deny)
            return .document(doc)
        }
        if json {
            guard size <= maxDocumentBytes * 4, let data = FileManager.default.contents(atPath: full) else {
                return try body(.unusable(id: relative, code: "too_large", reason: "JSON batch too large or unreadable; use NDJSON for big batches"), size)
            }
            if let refusal = NDJSONBatch.jsonRefusal(data, label: relative) { return try body(refusal, size) }
            let lines: [NDJSONBatch.Line]
            do {
                if let single = try? JSONDecoder().decode(NDJSONBatch.Line.self, from: data), single.id != nil {
                    lines = [single]
                } else {
                    lines = try JSONDecoder().decode([NDJSONBatch.Line].self, from: data)
                }
            } catch {
                return try body(
                    .unusable(id: relative, code: "invalid_json", reason: "not a document or an array of documents: \(NDJSONBatch.describe(error))"), size)
            }
            for (i, line) in lines.enumerated() {
                try body(
                    withDeny(NDJSONBatch.item(from: line, label: "\(relative)[\(i)]", defaultACL: fallback, maxBytes: maxDocumentBytes)),
                    i == 0 ? size : 0)
            }
            return
        }
        var first = true
        // A line holds one document plus its JSON: allow some room for escapes and fields.
        let maxLine = maxDocumentBytes + maxDocumentBytes / 4 + 65_536
        try NDJSONBatch.forEachLine(of: full, maxLineBytes: maxLine) { number, content in
            let item: SourceItem
            switch content {
            case .tooLong(let bytes):
                item = .unusable(id: "\(relative):\(number)", code: "too_large", reason: "line of \(bytes) bytes, over the limit of \(maxLine)")
            case .line(let data):
                item = withDeny(NDJSONBatch.item(from: data, label: "\(relative):\(number)", defaultACL: fallback, maxBytes: maxDocumentBytes))
            }
            try body(item, first ? size : 0)
            first = false
        }
    }

    /// File size by stat(2) (Foundation's attribute dictionary is slow on Linux).
    static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }
}
