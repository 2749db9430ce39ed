/// The production scan: one walk over a text's `ScanIndex`, every point-anchored detector
/// looking at each point in turn, each with its own cursor (a detector skips the points
/// inside what it found, as its own `scan` does). One walk instead of one per detector keeps
/// the point list in cache and the loop overhead single.
enum DetectorWalk {
    static func run(_ s: UnsafeBufferPointer<UInt8>, _ index: ScanIndex, secretsOnly: Bool, into out: inout [Candidate]) {
        var tokenPrefix = 0, structured = 0, shape = 0, assignment = 0, commandLine = 0, keyword = 0, phrase = 0, tool = 0, call = 0
        var pii = PIIDetectors.State()
        var manifest = false
        let ruleStarts = TokenPrefixDetector.startsRule // a global's accessor is a call: once per text
        let nounPairs = CredentialPhraseDetector.pairs
        for k in 0..<index.count {
            let i = Int(index.points[k])
            if !manifest && KubernetesSecretDetector.isKindKey(s, i) { manifest = true }
            if i >= tokenPrefix, let end = TokenPrefixDetector.visit(s, i, starts: ruleStarts, into: &out) { tokenPrefix = end }
            if i >= structured, let end = StructuredTokenDetector.visit(s, index, k, i, into: &out) { structured = end }
            if i >= shape, let end = CredentialShapeDetector.visit(s, i, into: &out) { shape = end }
            if i >= assignment, let end = AssignmentDetector.visit(s, i, into: &out) { assignment = end }
            if i >= commandLine, let end = CommandLineCredentialDetector.visit(s, i, into: &out) { commandLine = end }
            if i >= keyword, let end = KeywordCredentialDetector.visit(s, i, into: &out) { keyword = end }
            if i >= tool, let end = ToolArgumentDetector.visit(s, i, into: &out) { tool = end }
            if i >= call, let end = CallArgumentDetector.visit(s, i, into: &out) { call = end }
            if i >= phrase, let end = CredentialPhraseDetector.visit(s, index, k, i, pairs: nounPairs, into: &out) { phrase = end }
            // No personal data starts at '-' or '=' (the other marks start e-mails, phones,
            // IPv6), and most words are ruled out before a call.
            if !secretsOnly, s[i] != 0x2D && s[i] != 0x3D, !Bytes.isAlpha(s[i]) || PIIDetectors.mayStartAtLetter(s, index, k, i) {
                PIIDetectors.visit(s, index, k, i, state: &pii, into: &out)
            }
        }
        // Manifests are judged as whole documents, not at points.
        if manifest { KubernetesSecretDetector.scanManifests(s, into: &out) }
    }
}
