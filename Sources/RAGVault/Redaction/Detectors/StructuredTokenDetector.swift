/// Provider tokens whose shape needs more than prefix + alphabet: Slack, SendGrid, Mailchimp,
/// Telegram and Discord bot tokens, Notion, legacy OpenAI keys and Azure AD client secrets.
/// (Not `"type": "service_account"`: that names the kind of a Google key file, an enum value;
/// the key inside such a file is its PEM private_key, found as such.)
enum StructuredTokenDetector {
    private static let xox = Array("xox".utf8)
    private static let sendgrid = Array("SG.".utf8)
    private static let notion = Array("ntn_".utf8)
    private static let openAILegacy = Array("sk-".utf8)
    private static let openAIMarker = Array("T3BlbkFJ".utf8)

    /// Whether `visit` can find anything at a point whose first two bytes are `b`, `next`
    /// (`next` 0 at the end of the text): what the walk's `DetectorGate` is built from.
    static func mayStart(_ b: UInt8, _ next: UInt8) -> Bool { Bytes.isAlnum(b) || (b == 0x2D && next == 0x75) }

    /// The shape anchored at point `k` (position `i`), if any; returns its end.
    @inline(__always)
    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ index: ScanIndex, _ k: Int, _ i: Int, into out: inout [Candidate]) -> Int? {
        let b = s[i]
        if Bytes.isAlnum(b) {
            // Shapes are chosen by the length of the run.
            let runEnd = Int(index.ends[k])
            // Every shape's first run ends in '.', '-', '_', ':' or '|' (most words end in a space).
            let next: UInt8 = runEnd < s.count ? s[runEnd] : 0
            if next == 0x2E || next == 0x2D || next == 0x5F || next == 0x3A || next == 0x7C, i == 0 || !Bytes.isWord(s[i - 1]),
                let end = tokenStart(s, i, runEnd: runEnd, into: &out)
            {
                return end
            }
            // Azure's "Q~" can only sit at the end of a run ('~' ends it).
            if runEnd < s.count, s[runEnd] == 0x7E, s[runEnd - 1] == 0x51, let (start, end) = azureClientSecret(s, runEnd - 1) {
                out.append(Candidate(type: .cloudCredential, start: start, end: end, detector: "azure_ad_client_secret"))
                return end
            }
        } else if b == 0x2D, i > 0, i + 3 < s.count, s[i + 1] == 0x75, s[i + 2] == 0x73, let (start, end) = mailchimp(s, i) {
            out.append(Candidate(type: .apiKey, start: start, end: end, detector: "mailchimp_key"))
            return end
        }
        return nil
    }

    /// Shapes that start at a token boundary, chosen by the length of the alphanumeric run
    /// that begins at `i`.
    private static func tokenStart(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, runEnd: Int, into out: inout [Candidate]) -> Int? {
        let b = s[i]
        let next: UInt8 = runEnd < s.count ? s[runEnd] : 0
        switch runEnd - i {
        case 2 where b == 0x53 && next == 0x2E:
            guard let end = sendGrid(s, i) else { return nil }
            out.append(Candidate(type: .apiKey, start: i, end: end, detector: "sendgrid_key")); return end
        case 2 where b == 0x73 && next == 0x2D && Bytes.matches(s, i, openAILegacy):
            let end = Bytes.run(s, from: i + 3, limit: 60, Bytes.isAlnum)
            guard end - i - 3 == 48 || (end - i - 3 >= 40 && contains(s, i, end, openAIMarker)) else { return nil }
            out.append(Candidate(type: .apiKey, start: i, end: end, detector: "openai_legacy_key")); return end
        case 3 where b == 0x6E && next == 0x5F && Bytes.matches(s, i, notion):
            let end = Bytes.run(s, from: i + 4, limit: 47, Bytes.isAlnum)
            let digits = Bytes.run(s, from: i + 4, limit: 11, Bytes.isDigit)
            guard end - i - 4 == 46 && digits - i - 4 == 11 else { return nil }
            out.append(Candidate(type: .apiKey, start: i, end: end, detector: "notion_token")); return end
        case 4 where b == 0x78 && next == 0x2D:
            guard let end = slack(s, i) else { return nil }
            out.append(Candidate(type: .apiKey, start: i, end: end, detector: "slack_token")); return end
        case 8...10 where next == 0x3A && Bytes.isDigit(b):
            guard let end = telegram(s, i) else { return nil }
            out.append(Candidate(type: .apiKey, start: i, end: end, detector: "telegram_bot_token")); return end
        case 15...16 where next == 0x7C && Bytes.isDigit(b):
            guard let end = facebookAppToken(s, i) else { return nil }
            out.append(Candidate(type: .apiKey, start: i, end: end, detector: "facebook_app_token")); return end
        case 24...26 where next == 0x2E:
            guard let end = discordBot(s, i) else { return nil }
            out.append(Candidate(type: .apiKey, start: i, end: end, detector: "discord_bot_token")); return end
        default:
            return nil
        }
    }

    /// xoxb-/xoxp-/xoxa-/xoxr-/xoxs-/xoxe-: first group is a 10–13 digit workspace id.
    private static func slack(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard Bytes.matches(s, i, xox), i + 4 < s.count, "bpares".utf8.contains(s[i + 3]), s[i + 4] == 0x2D else { return nil }
        let digits = Bytes.run(s, from: i + 5, limit: 14, Bytes.isDigit) - (i + 5)
        guard (10...13).contains(digits) else { return nil }
        let end = Bytes.run(s, from: i + 5, limit: 200, Bytes.isWord)
        guard end - i >= 24, !Placeholder.isPlaceholder(s, i + 5, end), !Placeholder.isMaskedSample(s, end) else { return nil }
        return end
    }

    /// SG.<22>.<43>
    private static func sendGrid(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard Bytes.matches(s, i, sendgrid) else { return nil }
        let a = Bytes.run(s, from: i + 3, limit: 23, Bytes.isBase64URL)
        guard a - i - 3 == 22, a < s.count, s[a] == 0x2E else { return nil }
        let b = Bytes.run(s, from: a + 1, limit: 44, Bytes.isBase64URL)
        return b - a - 1 == 43 ? b : nil
    }

    /// <15–16 digit app id>|<27 characters>
    private static func facebookAppToken(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let d = Bytes.run(s, from: i, limit: 17, Bytes.isDigit)
        guard (15...16).contains(d - i), d < s.count, s[d] == 0x7C else { return nil }
        let end = Bytes.run(s, from: d + 1, limit: 28, Bytes.isBase64URL)
        return end - d - 1 == 27 ? end : nil
    }

    /// 8–10 digit bot id, ':', 35 characters.
    private static func telegram(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let d = Bytes.run(s, from: i, limit: 11, Bytes.isDigit)
        guard (8...10).contains(d - i), d < s.count, s[d] == 0x3A, d + 1 < s.count, s[d + 1] == 0x41 else { return nil }
        let end = Bytes.run(s, from: d + 1, limit: 36, Bytes.isBase64URL)
        return end - d - 1 == 35 ? end : nil
    }

    /// <base64 of the numeric bot id>.<6>.<27-38>: the first part must decode to digits.
    private static func discordBot(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        // A user id (a snowflake of 18–19 digits) in base64 is 24–26 characters.
        let a = Bytes.run(s, from: i, limit: 27, Bytes.isAlnum)
        guard (24...26).contains(a - i), a < s.count, s[a] == 0x2E else { return nil }
        // Classic tokens start with M/N/O (ids of that era); any first part that decodes to a
        // numeric id is one too.
        if !(s[i] == 0x4D || s[i] == 0x4E || s[i] == 0x4F) {
            guard let id = Base64Evasion.decodeText(s, i, a, minimum: 15), id.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        }
        let b = Bytes.run(s, from: a + 1, limit: 7, Bytes.isBase64URL)
        guard b - a - 1 == 6, b < s.count, s[b] == 0x2E else { return nil }
        let c = Bytes.run(s, from: b + 1, limit: 39, Bytes.isBase64URL)
        guard (27...38).contains(c - b - 1) else { return nil }
        return Bytes.entropy(s, i, c) > 4.0 ? c : nil
    }

    /// xxx[digit]Q~ followed by 31–34 of [A-Za-z0-9_~.-]: the shape of Azure AD secrets.
    private static func azureClientSecret(_ s: UnsafeBufferPointer<UInt8>, _ q: Int) -> (Int, Int)? {
        guard q >= 4, Bytes.isDigit(s[q - 1]) else { return nil }
        let start = q - 4
        for k in start..<(q - 1) where !(Bytes.isWord(s[k]) || s[k] == 0x7E || s[k] == 0x2E) { return nil }
        if start > 0 && (Bytes.isWord(s[start - 1]) || s[start - 1] == 0x7E) { return nil }
        let end = Bytes.run(s, from: q + 2, limit: 35) { Bytes.isWord($0) || $0 == 0x7E || $0 == 0x2E }
        guard (31...34).contains(end - q - 2), !Placeholder.isPlaceholder(s, q + 2, end) else { return nil }
        return (start, end)
    }

    /// <32 hex>-us<1-2 digits>
    private static func mailchimp(_ s: UnsafeBufferPointer<UInt8>, _ dash: Int) -> (Int, Int)? {
        guard dash >= 32 else { return nil }
        let start = dash - 32
        for k in start..<dash where !(Bytes.isDigit(s[k]) || (s[k] >= 0x61 && s[k] <= 0x66)) { return nil }
        if start > 0 && Bytes.isWord(s[start - 1]) { return nil }
        let end = Bytes.run(s, from: dash + 3, limit: 3, Bytes.isDigit)
        guard (1...2).contains(end - dash - 3), end == s.count || !Bytes.isWord(s[end]) else { return nil }
        return Bytes.entropy(s, start, dash) > 3.0 ? (start, end) : nil
    }

    private static func contains(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ needle: [UInt8]) -> Bool {
        guard end - start >= needle.count else { return false }
        for k in start...(end - needle.count) where Bytes.matches(s, k, needle) { return true }
        return false
    }
}
