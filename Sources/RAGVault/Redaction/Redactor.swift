import CSodium
import Foundation

/// Finds secrets and PII in text and replaces them whole, in one linear pass per detector.
///
/// ```swift
/// let redactor = Redactor()
/// let out = redactor.redact("key AKIAIOSFODNN7EXAMPLQ", policy: .default)
/// // out.text == "key [REDACTED:CLOUD_CREDENTIAL]"
/// ```
/// Every detector scans UTF-8 bytes anchored on trigger bytes with bounded look-around, and
/// validators (Luhn, mod-97, ranges) are constant work per candidate: no backtracking, so a
/// hostile input costs the same per byte as an ordinary one.
public struct Redactor: SecretScrubber, Sendable {
    /// Key for stable per-tenant pseudonyms (`[EMAIL_7f3a9c]`); nil turns pseudonymise into mask.
    public var pseudonymKey: [UInt8]?
    /// The opt-in types to look for (`EntityType.isOptIn`; a tenant's policy's `contextualTypes`).
    public var contextual: Set<EntityType>

    public init(pseudonymKey: [UInt8]? = nil, contextual: Set<EntityType> = []) {
        self.pseudonymKey = pseudonymKey
        self.contextual = contextual.filter(\.isOptIn)
    }

    /// Redacted text and the spans replaced (code-point offsets in input and output).
    public struct Output: Equatable, Sendable {
        public var text: String
        public var spans: [RedactionSpan]

        /// Types and counts only — never values.
        public var summary: [String: Int] {
            spans.reduce(into: [:]) { $0[$1.type.rawValue, default: 0] += 1 }
        }
    }

    // MARK: - detection

    /// One detector's scan over UTF-8 bytes on its own, appending what it finds.
    package struct Pass: Sendable {
        package let name: String
        package let scan: @Sendable (UnsafeBufferPointer<UInt8>, ScanIndex, inout [Candidate]) -> Void
    }

    /// Every detector as a pass of its own, for benchmarks that break the cost down. Searches
    /// and ingest run the same detectors through one `DetectorWalk` instead.
    package static let passes: [Pass] = [
        Pass(name: "token_prefix") { s, index, out in index.walk { TokenPrefixDetector.visit(s, $1, into: &out) } },
        Pass(name: "structured_token") { s, index, out in index.walk { StructuredTokenDetector.visit(s, index, $0, $1, into: &out) } },
        Pass(name: "credential_shape") { s, index, out in index.walk { CredentialShapeDetector.visit(s, $1, into: &out) } },
        Pass(name: "assignment") { s, index, out in index.walk { AssignmentDetector.visit(s, $1, into: &out) } },
        Pass(name: "command_line") { s, index, out in index.walk { CommandLineCredentialDetector.visit(s, $1, into: &out) } },
        Pass(name: "keyword_credential") { s, index, out in index.walk { KeywordCredentialDetector.visit(s, $1, into: &out) } },
        Pass(name: "tool_argument") { s, index, out in index.walk { ToolArgumentDetector.visit(s, $1, into: &out) } },
        Pass(name: "call_argument") { s, index, out in index.walk { CallArgumentDetector.visit(s, $1, into: &out) } },
        Pass(name: "xml_element") { s, index, out in
            index.walk { XMLElementDetector.mayStart(s, $1) ? XMLElementDetector.visit(s, $1, into: &out) : nil }
        },
        Pass(name: "credential_phrase") { s, index, out in index.walk { CredentialPhraseDetector.visit(s, index, $0, $1, into: &out) } },
        Pass(name: "kubernetes_secret") { s, index, out in
            if (0..<index.count).contains(where: { KubernetesSecretDetector.isKindKey(s, Int(index.points[$0])) }) {
                KubernetesSecretDetector.scanManifests(s, into: &out)
            }
        },
        Pass(name: "base64_evasion") { s, _, out in Base64Evasion.scan(s, into: &out) { secretCandidates($0) } },
        Pass(name: "pii") { s, index, out in
            var state = PIIDetectors.State()
            for k in 0..<index.count { PIIDetectors.visit(s, index, k, Int(index.points[k]), state: &state, into: &out) }
        }
    ]

    /// The opt-in detectors (names and addresses together), off by default: measured apart.
    package static let contextualPass = Pass(name: "names_addresses") { s, _, out in
        ContextualDetection.scan(s, types: [.person, .streetAddress], into: &out)
    }

    /// All secret candidates in `s` (the scan of decoded base64).
    static func secretCandidates(_ s: UnsafeBufferPointer<UInt8>) -> [Candidate] {
        var out: [Candidate] = []
        DetectorWalk.run(s, ScanIndex(s), secretsOnly: true, into: &out)
        return out
    }

    static func candidates(_ s: UnsafeBufferPointer<UInt8>, secretsOnly: Bool) -> [Candidate] {
        candidates(s, ScanIndex(s), secretsOnly: secretsOnly)
    }

    static func candidates(_ s: UnsafeBufferPointer<UInt8>, _ index: ScanIndex, secretsOnly: Bool) -> [Candidate] {
        var out: [Candidate] = []
        out.reserveCapacity(16 + s.count / 128) // dense text has a span every few hundred bytes
        DetectorWalk.run(s, index, secretsOnly: secretsOnly, into: &out)
        Base64Evasion.scan(s, into: &out) { secretCandidates($0) }
        return out
    }

    /// Detected regions in UTF-8 byte offsets, merged where they overlap.
    func detect(_ s: UnsafeBufferPointer<UInt8>, secretsOnly: Bool) -> [Candidate] {
        let index = ScanIndex(s)
        var found = Self.candidates(s, index, secretsOnly: secretsOnly)
        if !secretsOnly { ContextualDetection.scan(s, types: contextual, into: &found) }
        if index.mayHideText, let view = EvasionView.make(s) {
            let extra = view.bytes.withUnsafeBufferPointer { Self.candidates($0, secretsOnly: secretsOnly) }
            for c in extra {
                let (start, end) = view.originalRange(c.start, c.end, originalCount: s.count)
                found.append(Candidate(type: c.type, start: start, end: end, detector: c.detector))
            }
        }
        return Self.merge(found)
    }

    /// Sorts and merges overlapping candidates; the merged span keeps the highest-priority type.
    static func merge(_ candidates: [Candidate]) -> [Candidate] {
        let sorted = candidates.sorted { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        var merged: [Candidate] = []
        for c in sorted {
            if var last = merged.last, c.start < last.end {
                if c.type.priority > last.type.priority { last.type = c.type; last.detector = c.detector }
                last.end = max(last.end, c.end)
                merged[merged.count - 1] = last
            } else {
                merged.append(c)
            }
        }
        return merged
    }

    // MARK: - redaction

    /// Redacts secrets (always masked) and PII (per `policy` for a reader with `roles`).
    public func redact(_ text: String, policy: RedactionPolicy = .default, roles: Set<String> = []) -> Output {
        UTF8Text.withBytes(text) { utf8 in
            let spans = detect(utf8, secretsOnly: false)
            // Most passages hold nothing to redact: hand the text back without rebuilding it.
            return spans.isEmpty ? Output(text: text, spans: []) : apply(spans, to: utf8, policy: policy, roles: roles)
        }
    }

    /// What the detectors find in `text` (for `redact(_:detected:…)`; cacheable per text).
    func detect(_ text: String) -> [Candidate] {
        UTF8Text.withBytes(text) { detect($0, secretsOnly: false) }
    }

    /// `redact(_:policy:roles:)` with the detection already done on this exact text. Spans
    /// that do not fit the text cannot be from it: then it is scanned afresh.
    func redact(_ text: String, detected: [Candidate], policy: RedactionPolicy, roles: Set<String>) -> Output {
        UTF8Text.withBytes(text) { utf8 in
            let fits = detected.allSatisfy { $0.start >= 0 && $0.start <= $0.end && $0.end <= utf8.count }
            let spans = fits ? detected : detect(utf8, secretsOnly: false)
            return spans.isEmpty ? Output(text: text, spans: []) : apply(spans, to: utf8, policy: policy, roles: roles)
        }
    }

    /// SecretScrubber: only secrets, always masked (used at ingest).
    public func scrubSecrets(in text: String) -> ScrubResult {
        UTF8Text.withBytes(text) { utf8 in
            let spans = detect(utf8, secretsOnly: true)
            guard !spans.isEmpty else { return ScrubResult(text: text, counts: [:]) }
            let out = apply(spans, to: utf8, policy: .default, roles: [])
            return ScrubResult(text: out.text, counts: out.summary)
        }
    }

    /// For the index: every secret and PII value masked whatever the policy, and the PII
    /// values found (secrets are never kept in any form).
    func maskAll(_ text: String) -> (text: String, pii: [DetectedPII], spans: [Candidate]) {
        UTF8Text.withBytes(text) { utf8 in
            let spans = detect(utf8, secretsOnly: false)
            guard !spans.isEmpty else { return (text, [], []) }
            let values = spans.filter { !$0.type.isSecret }.map { DetectedPII(type: $0.type, bytes: Array(utf8[$0.start..<$0.end])) }
            return (apply(spans, to: utf8, policy: .maskEverything, roles: []).text, values, spans)
        }
    }

    private func apply(_ spans: [Candidate], to utf8: UnsafeBufferPointer<UInt8>, policy: RedactionPolicy, roles: Set<String>) -> Output {
        var out = [UInt8]()
        out.reserveCapacity(utf8.count + spans.count * 32) // masks are often longer than what they replace
        var result: [RedactionSpan] = []
        result.reserveCapacity(spans.count)
        var byte = 0 // input byte position
        var inputScalars = 0 // code points consumed from the input
        var outputScalars = 0 // code points written to the output
        func copy(upTo end: Int) {
            guard end > byte else { return }
            let piece = UnsafeBufferPointer(rebasing: utf8[byte..<end])
            let scalars = UTF8Text.scalarCount(piece)
            inputScalars += scalars
            outputScalars += scalars
            out.append(contentsOf: piece)
            byte = end
        }
        // Per type, looked up once per text: its mode, and for masking its (ASCII) mask.
        var known: [(type: EntityType, mode: RedactionPolicy.Mode, mask: [UInt8])] = []
        for span in spans {
            copy(upTo: span.start)
            let entry: (type: EntityType, mode: RedactionPolicy.Mode, mask: [UInt8])
            if let found = known.first(where: { $0.type == span.type }) {
                entry = found
            } else {
                entry = (
                    span.type, span.type.isSecret ? .mask : policy.mode(for: span.type, roles: roles),
                    Array(replacementText(for: span.type, original: [], mode: .mask).utf8)
                )
                known.append(entry)
            }
            if entry.mode == .allow {
                copy(upTo: span.end)
                continue
            }
            let spanScalars = UTF8Text.scalarCount(UnsafeBufferPointer(rebasing: utf8[span.start..<span.end]))
            let replacement =
                entry.mode == .mask
                ? entry.mask
                : Array(replacementText(for: span.type, original: Array(utf8[span.start..<span.end]), mode: entry.mode).utf8)
            let replacementScalars = entry.mode == .mask ? replacement.count : replacement.withUnsafeBufferPointer(UTF8Text.scalarCount)
            result.append(
                RedactionSpan(
                    type: span.type, start: inputScalars, end: inputScalars + spanScalars,
                    outputStart: outputScalars, outputEnd: outputScalars + replacementScalars,
                    detector: span.detector))
            out.append(contentsOf: replacement)
            inputScalars += spanScalars
            outputScalars += replacementScalars
            byte = span.end
        }
        copy(upTo: utf8.count)
        return Output(text: String(decoding: out, as: UTF8.self), spans: result)
    }

    func replacementText(for type: EntityType, original: [UInt8], mode: RedactionPolicy.Mode) -> String {
        switch mode {
        case .allow: return String(decoding: original, as: UTF8.self)
        case .mask: return "[REDACTED:\(type.rawValue)]"
        case .partial: return Partial.text(for: type, original: original) ?? "[REDACTED:\(type.rawValue)]"
        case .pseudonymise:
            guard let key = pseudonymKey else { return "[REDACTED:\(type.rawValue)]" }
            return "[\(type.rawValue)_\(Self.pseudonym(original, type: type, key: key))]"
        case .tokenise:
            guard let key = pseudonymKey else { return "[REDACTED:\(type.rawValue)]" }
            return "[\(type.rawValue):\(Self.token(original, type: type, key: key))]"
        }
    }

    /// A reversible token's digits: like `pseudonym`, over another message, so a token and a
    /// pseudonym of one value cannot be matched. The tenant store keeps each token's value
    /// (`pii_values`) while a document holding it exists.
    static func token(_ value: [UInt8], type: EntityType, key: [UInt8]) -> String {
        let normal = Array("token\u{0}\(type.rawValue)\u{0}".utf8) + PIINormalisation.normalise(type, value)
        var digest = [UInt8](repeating: 0, count: 8)
        crypto_generichash(&digest, 8, normal, UInt64(normal.count), key, key.count)
        return Hex.encode(digest)
    }

    /// Sixteen hex digits (64 bits: no collisions among millions of values, where 24 bits
    /// collide after a few thousand) of a keyed BLAKE2b of the value normalised per type
    /// (`PIINormalisation`), so one person gets one pseudonym across formats: stable within a
    /// tenant, unlinkable across tenants (each has its own key).
    static func pseudonym(_ value: [UInt8], type: EntityType, key: [UInt8]) -> String {
        let normal = Array(type.rawValue.utf8) + [0] + PIINormalisation.normalise(type, value)
        var digest = [UInt8](repeating: 0, count: 16)
        crypto_generichash(&digest, 16, normal, UInt64(normal.count), key, key.count)
        return String(Hex.encode(digest).prefix(16))
    }
}
