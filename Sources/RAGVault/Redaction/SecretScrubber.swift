/// The narrow interface the indexing pipeline needs from secret detection: remove every
/// secret from a text before anything is stored. The full `Redactor` conforms to it.
public protocol SecretScrubber: Sendable {
    func scrubSecrets(in text: String) -> ScrubResult
}

/// Text with secrets replaced, and how many of each type were removed (never the values).
public struct ScrubResult: Equatable, Sendable {
    public var text: String
    public var counts: [String: Int]

    public init(text: String, counts: [String: Int]) {
        self.text = text
        self.counts = counts
    }

    public var total: Int { counts.values.reduce(0, +) }
}
