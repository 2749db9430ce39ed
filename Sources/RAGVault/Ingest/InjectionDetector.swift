/// Heuristics for prompt-injection payloads in document text. A hit does not block the
/// document: the chunk gets a `possible_injection:<rule>` flag that travels with every
/// passage, so the calling agent can treat the text as data, not instructions.
public enum InjectionDetector {
    /// Rule names of every heuristic that fires on `text`.
    public static func rules(in text: String) -> [String] {
        let lower = text.lowercased()
        var rules: [String] = []
        if ignoresInstructions(lower) { rules.append("ignore_instructions") }
        if hasFakeTurn(lower) { rules.append("fake_turn") }
        if hasExfiltrationLink(lower) { rules.append("exfiltration_link") }
        if overridesRole(lower) { rules.append("role_override") }
        return rules
    }

    private static let verbs: Set<Substring> = ["ignore", "disregard", "forget", "override", "bypass", "skip"]
    private static let qualifiers: Set<Substring> = ["previous", "prior", "above", "earlier", "preceding", "all", "any",
                                                     "your", "the", "system", "these", "those", "existing", "original"]
    private static let objects: Set<Substring> = ["instructions", "instruction", "prompt", "prompts", "rules",
                                                  "directions", "guidelines", "directives", "context"]

    /// "ignore all previous instructions" and its many paraphrases: a verb, then within four
    /// words a qualifier and an object.
    static func ignoresInstructions(_ lower: String) -> Bool {
        let words = lower.split { !$0.isLetter }
        for (i, word) in words.enumerated() where verbs.contains(word) {
            let window = words[(i + 1)..<min(words.count, i + 6)]
            if window.contains(where: { objects.contains($0) }) && window.contains(where: { qualifiers.contains($0) }) {
                return true
            }
        }
        return false
    }

    private static let turnMarkers = ["system:", "assistant:", "### system", "### instruction", "<|im_start|>",
                                      "<|system|>", "<|assistant|>", "[inst]", "<<sys>>", "<|endoftext|>", "human:"]

    /// Lines that pretend to be a chat turn or a system prompt.
    static func hasFakeTurn(_ lower: String) -> Bool {
        for line in lower.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == ">" || $0 == "*" }
            if turnMarkers.contains(where: { trimmed.hasPrefix($0) }) { return true }
        }
        return ["<|im_start|>", "<|im_end|>", "[/inst]", "<</sys>>"].contains { lower.contains($0) }
    }

    /// Markdown images that load from an external host with a query string (rendering them
    /// sends data to that host), and links whose URL carries template placeholders.
    static func hasExfiltrationLink(_ lower: String) -> Bool {
        var rest = Substring(lower)
        while let open = rest.range(of: "](") {
            let isImage = rest[..<open.lowerBound].lastIndex(of: "[").map { $0 > rest.startIndex && rest[rest.index(before: $0)] == "!" } ?? false
            let url = rest[open.upperBound...].prefix { $0 != ")" && $0 != " " && $0 != "\n" }
            if url.hasPrefix("http://") || url.hasPrefix("https://") {
                if isImage && url.contains("?") { return true }
                if url.contains("{") || url.contains("%7b") || url.contains("$(") || url.contains("<") { return true }
            }
            rest = rest[open.upperBound...]
        }
        return false
    }

    private static let rolePhrases = ["you are now", "developer mode", "do anything now", "jailbreak", "act as an unrestricted",
                                      "pretend you have no", "new instructions:", "reveal your system prompt", "print your system prompt"]

    static func overridesRole(_ lower: String) -> Bool { rolePhrases.contains { lower.contains($0) } }
}
