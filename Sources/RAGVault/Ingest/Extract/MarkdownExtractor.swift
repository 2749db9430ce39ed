import Foundation

/// Markdown: ATX (`#`) and setext (`===`/`---`) headings build the heading path; fenced code
/// blocks are kept verbatim (a `#` inside one is code, not a heading); YAML front matter
/// `title:` becomes the title.
enum MarkdownExtractor {
    static func extract(_ text: String) -> ExtractedDocument {
        var builder = BlockBuilder()
        var title: String?
        var lines = FastText.lines(text).map(String.init)
        if lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") {
            for line in lines[1..<end] where line.hasPrefix("title:") {
                title = String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"'")))
            }
            lines.removeSubrange(0...end)
        }
        var fence: String?
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = String(FastText.trim(line))
            if let open = fence {
                builder.line(line)
                if trimmed.hasPrefix(open) { fence = nil }
            } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix(3))
                builder.line(line)
            } else if let (level, heading) = atxHeading(trimmed) {
                builder.heading(heading, level: level)
            } else if i + 1 < lines.count, !trimmed.isEmpty, let level = setextLevel(lines[i + 1]) {
                builder.heading(trimmed, level: level)
                i += 1
            } else {
                builder.line(line)
            }
            i += 1
        }
        return builder.finish(title: title)
    }

    private static func atxHeading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var heading = String(FastText.trim(rest))
        while heading.hasSuffix("#") { heading.removeLast() }
        heading = String(FastText.trim(heading))
        return heading.isEmpty ? nil : (hashes, heading)
    }

    private static func setextLevel(_ underline: String) -> Int? {
        let t = FastText.trim(underline)
        guard t.count >= 2 else { return nil }
        if t.allSatisfy({ $0 == "=" }) { return 1 }
        if t.allSatisfy({ $0 == "-" }) { return 2 }
        return nil
    }
}
