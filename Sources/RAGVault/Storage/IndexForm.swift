import CSodium

/// What the full-text index holds for one text field, as opposed to what is stored and shown.
///
/// Masking output is not enough when the index still holds the value: a prefix search would
/// confirm it one character at a time. So the index gets the text with every secret and PII
/// value replaced by its `[REDACTED:TYPE]` placeholder (whose words the store tokenizer skips),
/// and each PII value as a keyed token (`IndexKeys.piiToken`) in a separate `pii` column that
/// only principals who see that type unmasked may query (`Retriever`).
struct IndexForm: Equatable, Sendable {
    /// The text to index; nil when it is the stored text unchanged (nothing detected).
    var text: String?
    /// Each PII value found, by type, as UTF-8 bytes of the original.
    var values: [PIIValue]
    /// What the detectors found, and in which text (`StoredDetections` keeps them for reads).
    var spans: [Candidate] = []
    var scanned: String?
    /// The opt-in types it was made with (the tenant's, when it was made).
    var contextual: Set<EntityType> = []

    typealias PIIValue = DetectedPII

    static let empty = IndexForm(text: nil, values: [])

    /// Detects with the same engine and the same text as output redaction, so every span a
    /// reader would see masked is exactly a span the index leaves out.
    static func make(_ text: String, redactor: Redactor = Redactor()) -> IndexForm {
        let (masked, values, spans) = redactor.maskAll(text)
        return IndexForm(text: masked == text ? nil : masked, values: values, spans: spans, scanned: text, contextual: redactor.contextual)
    }

    /// The text as the index holds it, given the stored one.
    func indexText(_ stored: String) -> String { text ?? stored }

    /// The detections to store with `text`: only those made on exactly this text.
    func storedDetections(for text: String) -> String? {
        scanned == text ? StoredDetections.encode(spans, contextual: contextual) : nil
    }

    /// A heading path as stored (" › "-joined); each part is detected on its own, as output
    /// redaction does (`PassageBuilder`).
    static func heading(_ parts: [String], redactor: Redactor = Redactor()) -> IndexForm {
        let forms = parts.map { make($0, redactor: redactor) }
        guard forms.contains(where: { $0.text != nil }) else { return IndexForm(text: nil, values: [], contextual: redactor.contextual) }
        return IndexForm(
            text: zip(parts, forms).map { $1.text ?? $0 }.joined(separator: " › "),
            values: forms.flatMap(\.values), contextual: redactor.contextual)
    }

    /// This form if it was made for `contextual`, else nil (the caller makes it again).
    func made(for contextual: Set<EntityType>) -> IndexForm? { self.contextual == contextual ? self : nil }
}

/// A tenant store's keys for its index: keyed PII tokens and opaque chunk ids. Derived from a
/// random per-store secret (`store_meta.index_key`), encrypted with the store, gone with it.
struct IndexKeys: Sendable {
    let secret: [UInt8]
    /// The tenant's pseudonym key (`store_meta.pseudonym_key`): pseudonyms and reversible
    /// tokens (`Redactor.token`, kept by token at ingest) are made with it.
    let pseudonymKey: [UInt8]

    /// Digits only (one unicode61 token, untouched by porter), 64 bits, unlinkable across
    /// tenants. The value is normalised per type first so formatting does not matter.
    func piiToken(_ value: IndexForm.PIIValue) -> String {
        let message = Array("pii\u{0}\(value.type.rawValue)\u{0}".utf8) + PIINormalisation.normalise(value.type, value.bytes)
        let digest = hash(message, bytes: 8)
        return String(digest.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) })
    }

    /// An opaque chunk id: 16 hex digits of a keyed hash of what the chunk is (document,
    /// heading, text, and which repeat of identical text it is). Stable while the chunk is
    /// unchanged; reveals nothing about order or how many chunks exist.
    func chunkID(document: String, heading: String, text: String, occurrence: Int) -> String {
        let message = Array("chunk\u{0}\(document)\u{0}\(heading)\u{0}\(occurrence)\u{0}".utf8) + Array(text.utf8)
        return Hex.encode(hash(message, bytes: 8))
    }

    /// Whether `id` has the form `chunkID` gives (16 lowercase hex digits).
    static func isChunkID(_ id: String) -> Bool {
        id.utf8.count == 16 && id.utf8.allSatisfy { Bytes.isDigit($0) || (0x61...0x66).contains($0) }
    }

    private func hash(_ message: [UInt8], bytes: Int) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: bytes)
        crypto_generichash(&digest, bytes, message, UInt64(message.count), secret, secret.count)
        return digest
    }

}

extension IndexKeys {
    /// The `pii` column of one chunk: the tokens of every PII value in its title, heading and text.
    func piiTokens(_ forms: [IndexForm]) -> String {
        Set(forms.flatMap(\.values).map(piiToken)).sorted().joined(separator: " ")
    }
}

/// Public ids for the chunks of one document, in order: identical chunks (same heading and
/// text) are told apart by how many came before them.
struct ChunkIDs {
    let keys: IndexKeys
    let document: String
    private var seen: [String: Int] = [:]

    init(keys: IndexKeys, document: String) {
        self.keys = keys
        self.document = document
    }

    mutating func next(heading: String, text: String) -> String {
        let key = heading + "\u{0}" + text
        let occurrence = seen[key, default: 0]
        seen[key] = occurrence + 1
        return keys.chunkID(document: document, heading: heading, text: text, occurrence: occurrence)
    }
}
