import Foundation

/// reStructuredText: a title line underlined (optionally also overlined) with a repeated
/// punctuation character is a section; levels follow the order in which underline styles
/// first appear, as docutils does. Literal blocks are kept as text.
enum RestructuredTextExtractor {
    private static let adornments = Set("=-~^\"'`#*+:._<>!$%&(),/;?@[]\\{|}")

    static func extract(_ text: String) -> ExtractedDocument {
        var builder = BlockBuilder()
        var styles: [String] = [] // "=" or "=/=" (with overline), in order of appearance
        let lines = FastText.lines(text).map(String.init)
        var i = 0
        while i < lines.count {
            let line = lines[i]
            // Overline + title + underline.
            if let c = adornment(line), i + 2 < lines.count, adornment(lines[i + 2]) == c,
                !FastText.trim(lines[i + 1]).isEmpty
            {
                builder.heading(String(FastText.trim(lines[i + 1])), level: level(for: "\(c)/\(c)", &styles))
                i += 3
                continue
            }
            // Title + underline at least as long as the title.
            if i + 1 < lines.count, let c = adornment(lines[i + 1]), !FastText.trim(line).isEmpty,
                adornment(line) == nil, lines[i + 1].count >= FastText.trim(line).count
            {
                builder.heading(String(FastText.trim(line)), level: level(for: String(c), &styles))
                i += 2
                continue
            }
            builder.line(line)
            i += 1
        }
        return builder.finish(title: nil)
    }

    private static func adornment(_ line: String) -> Character? {
        // Cheap reject: an adornment line starts (after indentation) with punctuation.
        guard let firstByte = line.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }), firstByte < 0x80,
            !(firstByte >= 0x30 && firstByte <= 0x39), !((firstByte | 0x20) >= 0x61 && (firstByte | 0x20) <= 0x7A)
        else { return nil }
        let t = FastText.trim(line)
        guard t.count >= 3, let c = t.first, adornments.contains(c), t.allSatisfy({ $0 == c }) else { return nil }
        return c
    }

    private static func level(for style: String, _ styles: inout [String]) -> Int {
        if let index = styles.firstIndex(of: style) { return index + 1 }
        styles.append(style)
        return styles.count
    }
}
