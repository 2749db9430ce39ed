/// What the detectors found in a chunk body, stored with the chunk at ingest so a search does
/// not scan the same text again for every reader. Offsets and types only, never a value; the
/// policy and the reader's exemptions are still applied on every read.
///
/// Stored under `version`: a row written by detectors that find something different is
/// scanned afresh at read time (never trusted), so a detector change must bump it.
/// `StoredDetectionsTests` fails when the detectors' answers on its probe text change while
/// the version does not. The opt-in types looked for are part of the tag: spans stored
/// without PERSON are never taken for a reader whose tenant now masks names.
enum StoredDetections {
    static let version = 12

    /// `"<version>[+TYPE,…]|TYPE start end detector;…"` (byte offsets into the stored text).
    static func encode(_ spans: [Candidate], contextual: Set<EntityType> = []) -> String {
        tag(contextual) + "|" + spans.map { "\($0.type.rawValue) \($0.start) \($0.end) \($0.detector)" }.joined(separator: ";")
    }

    static func tag(_ contextual: Set<EntityType>) -> String {
        contextual.isEmpty ? "\(version)" : "\(version)+" + contextual.map(\.rawValue).sorted().joined(separator: ",")
    }

    /// The spans stored for `text`, or nil when they were stored by another version or for
    /// other opt-in types, do not parse, or do not fit the text: then the caller detects again.
    static func decode(_ stored: String?, for text: String, contextual: Set<EntityType> = []) -> [Candidate]? {
        guard let stored, let bar = stored.firstIndex(of: "|"), stored[..<bar] == tag(contextual) else { return nil }
        let body = stored[stored.index(after: bar)...]
        guard !body.isEmpty else { return [] }
        let length = text.utf8.count
        var spans: [Candidate] = []
        for entry in body.split(separator: ";", omittingEmptySubsequences: false) {
            let fields = entry.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 4, let type = EntityType(rawValue: String(fields[0])),
                let start = Int(fields[1]), let end = Int(fields[2]), 0 <= start, start < end, end <= length,
                start >= (spans.last?.end ?? 0)
            else { return nil }
            spans.append(Candidate(type: type, start: start, end: end, detector: String(fields[3])))
        }
        return spans
    }
}
