/// The production scan: one walk over a text's `ScanIndex`, every point-anchored detector
/// looking at each point in turn, each with its own cursor (a detector skips the points
/// inside what it found, as its own `scan` does). One walk instead of one per detector keeps
/// the point list in cache and the loop overhead single; `DetectorGate` passes each point
/// only to the detectors that can start at its first two bytes.
enum DetectorWalk {
    static func run(_ s: UnsafeBufferPointer<UInt8>, _ index: ScanIndex, secretsOnly: Bool, into out: inout [Candidate]) {
        var tokenPrefix = 0, structured = 0, shape = 0, assignment = 0, commandLine = 0, keyword = 0, phrase = 0, tool = 0, call = 0
        var element = 0
        var pii = PIIDetectors.State()
        var manifest = false
        // A global's accessor is a call: each table is loaded once per text.
        let gate = DetectorGate.table
        let ruleStarts = TokenPrefixDetector.startsRule
        let nounPairs = CredentialPhraseDetector.pairs
        let piiBit = secretsOnly ? 0 : DetectorGate.pii
        for k in 0..<index.count {
            let i = Int(index.points[k])
            let open = DetectorGate.open(s, i, gate)
            if open & DetectorGate.kind != 0, !manifest, KubernetesSecretDetector.isKindKey(s, i) { manifest = true }
            if open & DetectorGate.tokenPrefix != 0, i >= tokenPrefix, let end = TokenPrefixDetector.visit(s, i, starts: ruleStarts, into: &out) {
                tokenPrefix = end
            }
            if open & DetectorGate.structured != 0, i >= structured, let end = StructuredTokenDetector.visit(s, index, k, i, into: &out) {
                structured = end
            }
            if open & DetectorGate.shape != 0, i >= shape, let end = CredentialShapeDetector.visit(s, i, into: &out) { shape = end }
            if open & DetectorGate.assignment != 0, i >= assignment, let end = AssignmentDetector.visit(s, i, into: &out) { assignment = end }
            if open & DetectorGate.commandLine != 0, i >= commandLine, let end = CommandLineCredentialDetector.visit(s, i, into: &out) {
                commandLine = end
            }
            if open & DetectorGate.keyword != 0 || i == 0 || s[i - 1] == 0x0A, i >= keyword,
                let end = KeywordCredentialDetector.visit(s, i, into: &out)
            {
                keyword = end
            }
            if open & DetectorGate.tool != 0, i >= tool, let end = ToolArgumentDetector.visit(s, i, into: &out) { tool = end }
            if open & DetectorGate.call != 0, i >= call, let end = CallArgumentDetector.visit(s, i, into: &out) { call = end }
            if i >= element, XMLElementDetector.mayStart(s, i), let end = XMLElementDetector.visit(s, i, into: &out) { element = end }
            if open & DetectorGate.phrase != 0, i >= phrase, let end = CredentialPhraseDetector.visit(s, index, k, i, pairs: nounPairs, into: &out) {
                phrase = end
            }
            // Most words are ruled out before a call.
            if open & piiBit != 0, !Bytes.isAlpha(s[i]) || PIIDetectors.mayStartAtLetter(s, index, k, i) {
                PIIDetectors.visit(s, index, k, i, state: &pii, into: &out)
            }
        }
        // Manifests are judged as whole documents, not at points.
        if manifest { KubernetesSecretDetector.scanManifests(s, into: &out) }
    }
}
