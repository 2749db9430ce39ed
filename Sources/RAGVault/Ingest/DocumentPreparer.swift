import CSodium
import Foundation

/// Turns a source document into what the store keeps: validate, extract, normalise, scrub
/// secrets, chunk, flag. Pure: no I/O, so it is tested on its own.
public struct DocumentPreparer: Sendable {
    public var chunker: Chunker
    public var scrubber: (any SecretScrubber)?
    public var maxACLEntries: Int
    /// The opt-in types the tenant's index leaves out (its policy's `contextualTypes`); the
    /// store makes the index forms again if they changed before the write.
    public var contextual: Set<EntityType> = []

    /// Changes whenever preparation would produce different chunks for the same input, so
    /// that re-indexing with new settings is not mistaken for "unchanged".
    public var fingerprint: String {
        "v2/\(chunker.targetSize)/\(chunker.overlap)/\(scrubber == nil ? "noscrub" : "scrub")"
    }

    public init(chunker: Chunker = Chunker(), scrubber: (any SecretScrubber)?, maxACLEntries: Int = 256) {
        self.chunker = chunker
        self.scrubber = scrubber
        self.maxACLEntries = maxACLEntries
    }

    /// Why a document was refused: a stable code and a reason for people.
    public struct Refusal: Error, Equatable, Sendable {
        public var code: String
        public var reason: String
    }

    /// Counts of what preparation found, for the indexing summary.
    public struct Findings: Equatable, Sendable {
        public var invisibleCharactersRemoved = 0
        public var secretsScrubbed = 0
        public var injectionChunks = 0
        public init() {}
    }

    /// A stable hash of everything that determines the stored chunks (not the ACL).
    public func contentHash(of document: SourceDocument) -> String {
        // The state type is opaque (64-byte aligned) to Swift: allocate it raw.
        let raw = UnsafeMutableRawPointer.allocate(byteCount: crypto_generichash_statebytes(), alignment: 64)
        defer { raw.deallocate() }
        let state = OpaquePointer(raw)
        crypto_generichash_init(state, nil, 0, 32)
        func feed(_ s: String) {
            let bytes = Array(s.utf8) + [0]
            crypto_generichash_update(state, bytes, UInt64(bytes.count))
        }
        feed(fingerprint)
        feed(document.format.rawValue)
        feed(document.title ?? "")
        feed(document.source ?? "")
        for (k, v) in document.metadata.sorted(by: { $0.key < $1.key }) { feed(k); feed(v) }
        document.bytes.withUnsafeBufferPointer { _ = crypto_generichash_update(state, $0.baseAddress, UInt64($0.count)) }
        // A new vector for the same text is a change (hashes of documents without one stay as they were).
        if let embedding = document.embedding {
            feed("embedding")
            embedding.withUnsafeBytes { _ = crypto_generichash_update(state, $0.baseAddress, UInt64($0.count)) }
        }
        // Where the caller cut, under which headings, with which vectors.
        for (i, chunk) in (document.callerChunks ?? []).enumerated() {
            feed("chunk \(i)")
            feed(chunk.text)
            for part in chunk.headingPath { feed(part) }
            chunk.embedding?.withUnsafeBytes { _ = crypto_generichash_update(state, $0.baseAddress, UInt64($0.count)) }
        }
        var out = [UInt8](repeating: 0, count: 32)
        crypto_generichash_final(state, &out, 32)
        return Hex.encode(out)
    }

    public func validateACL(_ acl: AccessList?) throws(Refusal) -> AccessList {
        guard let acl else {
            throw Refusal(
                code: "no_acl",
                reason: "no access list (the document's acl, a manifest rule, or the CLI's --allow); refused rather than made public (allow tenant:* to opt in)"
            )
        }
        do {
            try PrincipalName.validate(acl, maxEntries: maxACLEntries)
        } catch {
            throw Refusal(code: "invalid_acl", reason: (error as? RAGVaultError)?.message ?? "invalid access list")
        }
        return acl
    }

    /// Prepares the record to store (contentHash must come from `contentHash(of:)`).
    public func prepare(_ document: SourceDocument, acl: AccessList, contentHash: String) throws(Refusal) -> (DocumentRecord, Findings) {
        do { try DocumentID.validate(document.externalID) } catch { throw Refusal(code: "invalid_id", reason: error.message) }
        if Self.looksBinary(document.bytes) {
            throw Refusal(code: "binary", reason: "binary content (NUL or control bytes); not indexed")
        }
        if let offset = UTF8Validation.firstInvalidOffset(document.bytes) {
            throw Refusal(code: "invalid_utf8", reason: "invalid UTF-8 at byte offset \(offset); the file was skipped whole")
        }
        var findings = Findings()
        // Every stored and indexed field is scrubbed, not only the body: a secret left in a
        // heading or title would be masked on output yet still found by a prefix search. A
        // field value repeated in the document (a heading path over many blocks, a title taken
        // from the first heading) is counted once.
        var scrubbedFields: [String: String] = [:]
        func scrub(_ text: String) -> String {
            guard let scrubber else { return text }
            if let known = scrubbedFields[text] { return known }
            let scrubbed = scrubber.scrubSecrets(in: text)
            findings.secretsScrubbed += scrubbed.total
            scrubbedFields[text] = scrubbed.text
            return scrubbed.text
        }
        if let scrubber, Self.idHoldsSecret(document.externalID, scrubber) {
            throw Refusal(code: "secret_in_id", reason: "the document id contains a secret; give the document an id without credentials")
        }
        let raw = String(decoding: document.bytes, as: UTF8.self)
        let extracted =
            document.callerChunks.map { ExtractedDocument(title: nil, blocks: $0.map { .init(headingPath: $0.headingPath, text: $0.text) }) }
            ?? document.format.extract(raw)
        var blocks: [ExtractedDocument.Block] = []
        for block in extracted.blocks {
            let normal = Normaliser.normalise(block.text)
            findings.invisibleCharactersRemoved += normal.removedInvisible
            let text = scrub(normal.text)
            let path = block.headingPath.map { scrub(Normaliser.normalise($0).text) }
            if document.callerChunks != nil, text.allSatisfy(\.isWhitespace) {
                throw Refusal(code: "invalid_chunks", reason: "chunk \(blocks.count + 1) has no text (after normalisation)")
            }
            if !text.isEmpty { blocks.append(.init(headingPath: path, text: text)) }
        }
        let title = scrub(Normaliser.normalise(document.title ?? extracted.title ?? Self.fallbackTitle(document.externalID)).text)
        var metadata: [String: String] = [:]
        for (key, value) in document.metadata.sorted(by: { $0.key < $1.key }) {
            metadata[scrub(Normaliser.normalise(key).text)] = scrub(Normaliser.normalise(value).text)
        }
        let source = document.source.map(scrub)
        let pieces = document.callerChunks == nil ? chunker.chunk(blocks).pieces : Self.asCut(blocks)
        let documentFlags =
            (findings.invisibleCharactersRemoved > 0 ? ["invisible_chars_removed"] : [])
            + extracted.hiddenTextRules.map { "possible_injection:hidden_\($0)" }
        var chunks: [ChunkRecord] = []
        var headingForms: [String: IndexForm] = [:]
        let forms = Redactor(contextual: contextual)
        for (ordinal, piece) in pieces.enumerated() {
            let rules = InjectionDetector.rules(in: piece.text).map { "possible_injection:\($0)" }
            if !rules.isEmpty { findings.injectionChunks += 1 }
            var chunk = ChunkRecord(
                ordinal: ordinal, headingPath: piece.headingPath, startOffset: piece.start,
                endOffset: piece.end, text: piece.text, flags: Array(Set(documentFlags + rules)).sorted())
            // Consecutive chunks share a heading path: detect it once per path.
            let headingKey = piece.headingPath.joined(separator: " › ")
            if headingForms[headingKey] == nil { headingForms[headingKey] = IndexForm.heading(piece.headingPath, redactor: forms) }
            chunk.headingForm = headingForms[headingKey]
            chunk.textForm = IndexForm.make(piece.text, redactor: forms)
            chunks.append(chunk)
        }
        if !extracted.hiddenTextRules.isEmpty && findings.injectionChunks == 0 { findings.injectionChunks = chunks.count }
        var record = DocumentRecord(
            externalID: document.externalID, title: title, source: source,
            contentHash: contentHash, acl: acl, metadata: metadata, chunks: chunks)
        record.titleForm = IndexForm.make(title, redactor: forms)
        return (record, findings)
    }

    /// The caller's chunks as they are, one piece each, with offsets in their blank-line join.
    static func asCut(_ blocks: [ExtractedDocument.Block]) -> [Chunker.Piece] {
        var start = 0
        return blocks.map { block in
            let length = block.text.unicodeScalars.count
            defer { start += length + 2 }
            return Chunker.Piece(headingPath: block.headingPath, start: start, end: start + length, text: block.text)
        }
    }

    /// Ids glue words with `-`, `/`, `.`, `:` where detectors expect a word boundary: look at
    /// the id as written and with those as spaces.
    static func idHoldsSecret(_ id: String, _ scrubber: any SecretScrubber) -> Bool {
        let spaced = String(id.map { "-/.:=".contains($0) ? " " : $0 })
        return scrubber.scrubSecrets(in: id).total > 0 || scrubber.scrubSecrets(in: spaced).total > 0
    }

    /// NUL bytes, or many C0 control bytes in the first 8 KB, mean "not text".
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(8192)
        if head.contains(0) { return true }
        let controls = head.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C && $0 != 0x1B }.count
        return head.count > 0 && controls * 10 > head.count
    }

    static func fallbackTitle(_ id: String) -> String {
        let name = (id as NSString).lastPathComponent
        return (name as NSString).deletingPathExtension.isEmpty ? name : (name as NSString).deletingPathExtension
    }
}
