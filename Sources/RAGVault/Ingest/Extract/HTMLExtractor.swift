import Foundation

/// HTML: text content with `<script>`, `<style>`, `<template>` and comments dropped, entities
/// decoded, `<h1>`–`<h6>` building the heading path and `<title>` the title. Elements hidden
/// from readers (`display:none`, `visibility:hidden`, `font-size:0`, `opacity:0`, `hidden`,
/// `aria-hidden`) are dropped too — text a person cannot see but a model would read is a
/// classic injection trick — and recorded as a hidden-text rule.
enum HTMLExtractor {
    private static let dropped: Set<String> = ["script", "style", "template", "noscript", "head-meta"]
    private static let blockTags: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article",
        "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "dl", "main", "nav", "aside"
    ]
    private static let voidTags: Set<String> = ["br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col"]

    static func extract(_ html: String) -> ExtractedDocument {
        var builder = BlockBuilder()
        var title: String?
        var hiddenRules: [String] = []
        let chars = Array(html.unicodeScalars)
        var i = 0
        var text = String.UnicodeScalarView()
        var skipUntil: String? // closing tag name that ends a dropped or hidden element
        var skipDepth = 0
        var headingLevel: Int?
        var headingText = ""
        var inTitle = false
        var inPre = false

        func flushText() {
            let decoded = decodeEntities(String(text))
            text.removeAll()
            let collapsed = inPre ? decoded : collapseWhitespace(decoded)
            if inTitle { title = (title ?? "") + collapsed; return }
            if headingLevel != nil { headingText += collapsed; return }
            if !collapsed.trimmingCharacters(in: .whitespaces).isEmpty || inPre {
                builder.appendInline(collapsed)
            }
        }

        while i < chars.count {
            if chars[i] == "<" {
                if matches(chars, i, "<!--") {
                    flushText()
                    i = find(chars, from: i + 4, "-->").map { $0 + 3 } ?? chars.count
                    continue
                }
                guard let close = chars[i...].firstIndex(of: ">") else { text.append(chars[i]); i += 1; continue }
                let tag = String(String.UnicodeScalarView(chars[(i + 1)..<close]))
                i = close + 1
                let isEnd = tag.hasPrefix("/")
                let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }).lowercased()
                if let until = skipUntil {
                    if name == until { skipDepth += isEnd ? -1 : (voidTags.contains(name) || tag.hasSuffix("/") ? 0 : 1) }
                    if skipDepth == 0 { skipUntil = nil }
                    continue
                }
                flushText()
                if !isEnd, dropped.contains(name) {
                    skipUntil = name; skipDepth = 1
                    continue
                }
                if !isEnd, let rule = hiddenRule(tag), !voidTags.contains(name) {
                    hiddenRules.append(rule)
                    skipUntil = name; skipDepth = 1
                    continue
                }
                switch (name, isEnd) {
                case ("title", false): inTitle = true
                case ("title", true): inTitle = false
                case (let h, false) where h.count == 2 && h.first == "h" && ("1"..."6").contains(h.last!):
                    headingLevel = Int(String(h.last!)); headingText = ""
                case (let h, true) where h.count == 2 && h.first == "h" && ("1"..."6").contains(h.last!):
                    if let level = headingLevel {
                        let heading = headingText.trimmingCharacters(in: .whitespaces)
                        if !heading.isEmpty { builder.heading(heading, level: level) }
                    }
                    headingLevel = nil
                case ("pre", let end): inPre = !end; builder.breakLine()
                default:
                    if blockTags.contains(name) { builder.breakLine() }
                }
                continue
            }
            if skipUntil == nil { text.append(chars[i]) }
            i += 1
        }
        flushText()
        var doc = builder.finish(title: title.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 })
        doc.hiddenTextRules = hiddenRules
        return doc
    }

    /// The rule name when an opening tag hides its content from readers.
    static func hiddenRule(_ tag: String) -> String? {
        let t = tag.lowercased().replacingOccurrences(of: " ", with: "")
        if t.contains("display:none") { return "display_none" }
        if t.contains("visibility:hidden") { return "visibility_hidden" }
        if t.contains("font-size:0") { return "font_size_zero" }
        if t.contains("opacity:0;") || t.hasSuffix("opacity:0\"") || t.contains("opacity:0\"") { return "opacity_zero" }
        let words = tag.lowercased().split { $0 == " " || $0 == "\t" || $0 == "\n" }
        if words.dropFirst().contains(where: { $0 == "hidden" || $0.hasPrefix("hidden=") }) { return "hidden_attribute" }
        if t.contains("aria-hidden=\"true\"") { return "aria_hidden" }
        return nil
    }

    private static func matches(_ s: [Unicode.Scalar], _ at: Int, _ pattern: String) -> Bool {
        let p = Array(pattern.unicodeScalars)
        guard at + p.count <= s.count else { return false }
        for k in 0..<p.count where s[at + k] != p[k] { return false }
        return true
    }

    private static func find(_ s: [Unicode.Scalar], from: Int, _ pattern: String) -> Int? {
        var i = from
        while i < s.count { if matches(s, i, pattern) { return i }; i += 1 }
        return nil
    }

    static func collapseWhitespace(_ s: String) -> String {
        var out = ""
        var lastSpace = false
        for c in s {
            if c == " " || c == "\t" || c == "\n" {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            } else {
                out.append(c)
                lastSpace = false
            }
        }
        return out
    }

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®",
        "mdash": "—", "ndash": "–", "hellip": "…", "laquo": "«", "raquo": "»", "euro": "€", "rsquo": "’",
        "lsquo": "‘", "rdquo": "”", "ldquo": "“", "trade": "™", "deg": "°", "times": "×", "middot": "·"
    ]

    /// Decodes named and numeric character references; unknown ones stay as written.
    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(12).firstIndex(of: ";") {
                let body = String(after[..<semi])
                var decoded: String?
                if body.hasPrefix("#x") || body.hasPrefix("#X") {
                    decoded = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if body.hasPrefix("#") {
                    decoded = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else {
                    decoded = named[body]
                }
                if let decoded {
                    out += decoded
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }
}

extension BlockBuilder {
    /// HTML text arrives in fragments within a line.
    mutating func appendInline(_ fragment: String) { appendToCurrentLine(fragment) }
    mutating func breakLine() { line("") }
}
