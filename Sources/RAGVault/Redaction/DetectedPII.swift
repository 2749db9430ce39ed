/// A PII value the redactor found, by type, as the UTF-8 bytes of the original — what the
/// index keeps of it as a keyed token (`IndexForm`), never as text.
struct DetectedPII: Equatable, Sendable {
    var type: EntityType
    var bytes: [UInt8]
}
