import Foundation

/// Text and structure pulled out of a source document, before normalisation.
public struct ExtractedDocument: Equatable, Sendable {
    /// A run of text under one heading path; a heading starts a new block.
    public struct Block: Equatable, Sendable {
        public var headingPath: [String]
        public var text: String
    }

    public var title: String?
    public var blocks: [Block]
    /// Rules of hidden-text tricks seen while extracting (e.g. HTML `display:none`).
    public var hiddenTextRules: [String] = []
}

/// The source formats RAGVault extracts.
public enum DocumentFormat: String, Codable, Sendable, CaseIterable {
    case markdown, restructuredText = "rst", html, text

    /// The format for a media type (parameters such as `; charset=utf-8` ignored).
    public static func forMediaType(_ type: String) -> DocumentFormat? {
        switch type.split(separator: ";").first.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
        case "text/markdown", "text/x-markdown": return .markdown
        case "text/x-rst", "text/prs.fallenstein.rst": return .restructuredText
        case "text/html", "application/xhtml+xml": return .html
        case "text/plain": return .text
        default: return nil
        }
    }

    /// The format for a file extension, or nil when the file is not a document we index.
    public static func forExtension(_ ext: String) -> DocumentFormat? {
        switch ext.lowercased() {
        case "md", "markdown", "mdown": return .markdown
        case "rst", "rest": return .restructuredText
        case "html", "htm", "xhtml": return .html
        case "txt", "text": return .text
        default: return nil
        }
    }

    func extract(_ text: String) -> ExtractedDocument {
        switch self {
        case .markdown: return MarkdownExtractor.extract(text)
        case .restructuredText: return RestructuredTextExtractor.extract(text)
        case .html: return HTMLExtractor.extract(text)
        case .text: return ExtractedDocument(title: nil, blocks: [.init(headingPath: [], text: text)])
        }
    }
}

/// Builds blocks while walking a document: tracks the heading stack by level.
struct BlockBuilder {
    private(set) var blocks: [ExtractedDocument.Block] = []
    private var stack: [(level: Int, title: String)] = []
    private var lines: [String] = []
    private(set) var firstHeading: String?

    mutating func heading(_ title: String, level: Int) {
        // A heading followed directly by a subheading has no text of its own: its title lives
        // on in the heading path of the blocks below it, so it makes no block.
        let content = lines.filter { !FastText.trim($0).isEmpty }
        if content.count == 1, content[0] == stack.last?.title, level > (stack.last?.level ?? 0) { lines.removeAll() }
        flush()
        while let last = stack.last, last.level >= level { stack.removeLast() }
        stack.append((level, title))
        if firstHeading == nil { firstHeading = title }
        lines.append(title) // the heading text is part of the searchable body
    }

    mutating func line(_ text: String) { lines.append(text) }

    mutating func appendToCurrentLine(_ fragment: String) {
        if lines.isEmpty { lines.append(fragment) } else { lines[lines.count - 1] += fragment }
    }

    mutating func flush() {
        let text = String(FastText.trim(lines.joined(separator: "\n"), newlines: true))
        if !text.isEmpty { blocks.append(.init(headingPath: stack.map(\.title), text: text)) }
        lines.removeAll()
    }

    mutating func finish(title: String?) -> ExtractedDocument {
        flush()
        return ExtractedDocument(title: title ?? firstHeading, blocks: blocks)
    }
}
