import Foundation
import Synchronization

/// Which opt-in types (PERSON, STREET_ADDRESS) the store's index leaves out, and the rebuild
/// when a policy changes them. The index must follow the policy: a name masked on output but
/// still indexed would be confirmed by searching for it.
extension TenantStore {
    /// `store_meta.contextual_types`: comma-separated type names (none when absent).
    static func contextualTypes(_ db: Connection) throws -> Set<EntityType> {
        let value = try db.scalar("SELECT value FROM store_meta WHERE key = 'contextual_types'").string ?? ""
        return Set(value.split(separator: ",").compactMap { EntityType(rawValue: String($0)) })
    }

    /// What this process last saw of `contextual_types` (a search compares its policy with it
    /// before ranking, without a query; `applyContextualTypes` reads the store itself).
    var knownContextualTypes: Set<EntityType> { contextualState.withLock { $0 } }

    /// Makes every index form again for `types` when the store's differ — titles, headings,
    /// bodies, keyed PII tokens, stored detections, token values — and rebuilds the full-text
    /// index, in one transaction (a crash leaves the old forms and the old mark). Returns
    /// whether it rebuilt.
    @discardableResult
    public func applyContextualTypes(_ types: Set<EntityType>) throws -> Bool {
        let types = types.filter(\.isOptIn)
        let rebuilt = try withConnection { db in
            try writeTransaction(db) { () throws -> Bool in
                guard try Self.contextualTypes(db) != types else { return false }
                try Self.remakeIndexForms(db, keys: indexKeys, contextual: types)
                try db.run(
                    "INSERT OR REPLACE INTO store_meta(key, value) VALUES ('contextual_types', ?)",
                    [.text(types.map(\.rawValue).sorted().joined(separator: ","))])
                try Self.bumpGeneration(db)
                return true
            }
        }
        contextualState.withLock { $0 = types }
        return rebuilt
    }

    private static func remakeIndexForms(_ db: Connection, keys: IndexKeys, contextual: Set<EntityType>) throws {
        let redactor = Redactor(contextual: contextual)
        try db.run("DELETE FROM pii_values")
        for document in try db.query("SELECT id, title FROM documents ORDER BY id") {
            let id = document[0].int ?? 0
            let titleForm = IndexForm.make(document[1].string ?? "", redactor: redactor)
            try db.run("UPDATE documents SET index_title = ? WHERE id = ?", [titleForm.text.map(SQLValue.text) ?? .null, .integer(id)])
            var values = titleForm.values
            for chunk in try db.query("SELECT id, heading_path, text FROM chunks WHERE document_id = ? ORDER BY ordinal", [.integer(id)]) {
                let heading = chunk[1].string ?? "", text = chunk[2].string ?? ""
                let headingForm = IndexForm.heading(heading.isEmpty ? [] : heading.components(separatedBy: " › "), redactor: redactor)
                let textForm = IndexForm.make(text, redactor: redactor)
                try db.run(
                    "UPDATE chunks SET index_heading = ?, index_body = ?, pii_tokens = ?, body_detections = ? WHERE id = ?",
                    [
                        headingForm.text.map(SQLValue.text) ?? .null, textForm.text.map(SQLValue.text) ?? .null,
                        .text(keys.piiTokens([titleForm, headingForm, textForm])),
                        textForm.storedDetections(for: text).map(SQLValue.text) ?? .null, .integer(chunk[0].int ?? 0)
                    ])
                values += headingForm.values + textForm.values
            }
            try storeTokenValues(values, documentID: id, key: keys.pseudonymKey, in: db)
        }
        try db.run("INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild')")
    }
}
