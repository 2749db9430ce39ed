/// One redacted region. Offsets are Unicode code points: `start`/`end` in the input text,
/// `outputStart`/`outputEnd` in the redacted text.
public struct RedactionSpan: Codable, Equatable, Sendable {
    public var type: EntityType
    public var start: Int
    public var end: Int
    public var outputStart: Int
    public var outputEnd: Int
    /// The detector that found it (e.g. `github_pat`, `luhn_card`).
    public var detector: String
}

/// A candidate found by a detector, in UTF-8 byte offsets of the scanned text.
package struct Candidate: Equatable {
    var type: EntityType
    var start: Int
    var end: Int
    var detector: String
}
