/// Heuristics for prompt-injection payloads in document text. A hit does not block the
/// document: the chunk gets a `possible_injection:<rule>` flag that travels with every
/// passage, so the calling agent can treat the text as data, not instructions.
public enum InjectionDetector {
    /// Rule names of every heuristic that fires on `text`.
    public static func rules(in text: String) -> [String] {
        let lower = FastText.lowerBytes(text)
        var rules: [String] = []
        if ignoresInstructions(lower) { rules.append("ignore_instructions") }
        if hasFakeTurn(lower) { rules.append("fake_turn") }
        if hasExfiltrationLink(lower) { rules.append("exfiltration_link") }
        if overridesRole(lower) { rules.append("role_override") }
        return rules
    }

    private static let verbs: Set<[UInt8]> = Set(["ignore", "disregard", "forget", "override", "bypass", "skip"].map { Array($0.utf8) })
    private static let qualifiers: Set<[UInt8]> = Set(
        [
            "previous", "prior", "above", "earlier", "preceding", "all", "any", "your",
            "the", "system", "these", "those", "existing", "original"
        ].map { Array($0.utf8) })
    private static let objects: Set<[UInt8]> = Set(
        [
            "instructions", "instruction", "prompt", "prompts", "rules", "directions",
            "guidelines", "directives", "context"
        ].map { Array($0.utf8) })

    /// Lower-case ASCII words of the text (other bytes separate words).
    private static func words(_ lower: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        for b in lower {
            if b >= 0x61 && b <= 0x7A { current.append(b) } else if !current.isEmpty { result.append(current); current.removeAll(keepingCapacity: true) }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// "ignore all previous instructions" and its many paraphrases: a verb, then within five
    /// words a qualifier and an object.
    static func ignoresInstructions(_ lower: [UInt8]) -> Bool {
        // Cheap reject before splitting into words: no verb, no rule.
        guard verbs.contains(where: { FastText.contains(lower, $0) }) else { return false }
        let words = words(lower)
        for (i, word) in words.enumerated() where verbs.contains(word) {
            let window = words[(i + 1)..<min(words.count, i + 6)]
            if window.contains(where: { objects.contains($0) }) && window.contains(where: { qualifiers.contains($0) }) {
                return true
            }
        }
        return false
    }

    private static let turnMarkers: [[UInt8]] = [
        "system:", "assistant:", "### system", "### instruction", "<|im_start|>",
        "<|system|>", "<|assistant|>", "[inst]", "<<sys>>", "<|endoftext|>", "human:"
    ].map { Array($0.utf8) }
    private static let inlineMarkers: [[UInt8]] = ["<|im_start|>", "<|im_end|>", "[/inst]", "<</sys>>"].map { Array($0.utf8) }

    /// Lines that pretend to be a chat turn or a system prompt.
    static func hasFakeTurn(_ lower: [UInt8]) -> Bool {
        var start = 0
        while start < lower.count {
            var end = start
            while end < lower.count && lower[end] != 0x0A { end += 1 }
            var k = start
            while k < end && (lower[k] == 0x20 || lower[k] == 0x09 || lower[k] == 0x3E || lower[k] == 0x2A) { k += 1 }
            for marker in turnMarkers where end - k >= marker.count && lower[k..<(k + marker.count)].elementsEqual(marker) { return true }
            start = end + 1
        }
        return inlineMarkers.contains { FastText.contains(lower, $0) }
    }

    /// Markdown images that load from an external host with a query string (rendering them
    /// sends data to that host), and links whose URL carries template placeholders.
    static func hasExfiltrationLink(_ lower: [UInt8]) -> Bool {
        var i = 0
        while i + 1 < lower.count {
            guard lower[i] == 0x5D, lower[i + 1] == 0x28 else { i += 1; continue } // "]("
            var open = i
            while open > 0 && lower[open] != 0x5B && i - open < 512 { open -= 1 }
            let isImage = lower[open] == 0x5B && open > 0 && lower[open - 1] == 0x21
            var end = i + 2
            while end < lower.count && lower[end] != 0x29 && lower[end] != 0x20 && lower[end] != 0x0A && end - i < 2048 { end += 1 }
            let url = Array(lower[(i + 2)..<end])
            if url.starts(with: Array("http://".utf8)) || url.starts(with: Array("https://".utf8)) {
                if isImage && url.contains(0x3F) { return true }
                if url.contains(0x7B) || FastText.contains(url, Array("%7b".utf8)) || FastText.contains(url, Array("$(".utf8)) || url.contains(0x3C) {
                    return true
                }
            }
            i = end
        }
        return false
    }

    private static let rolePhrases: [[UInt8]] = [
        "you are now", "developer mode", "do anything now", "jailbreak", "act as an unrestricted",
        "pretend you have no", "new instructions:", "reveal your system prompt",
        "print your system prompt"
    ].map { Array($0.utf8) }

    static func overridesRole(_ lower: [UInt8]) -> Bool { rolePhrases.contains { FastText.contains(lower, $0) } }
}
