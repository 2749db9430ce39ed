/// The schema of one tenant's store: documents, their chunks, and the FTS5 index.
///
/// ACL principals are indexed as opaque digit tokens in the `allow`/`deny` columns of the
/// FTS5 table so that retrieval can put the access filter inside the MATCH expression.
enum TenantSchema {
    static let migrations = Migrations(steps: [
        (
            1,
            """
            CREATE TABLE store_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO store_meta(key, value) VALUES ('generation', '0');
            CREATE TABLE documents(
                id INTEGER PRIMARY KEY,
                external_id TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL DEFAULT '',
                source TEXT,
                content_hash TEXT NOT NULL,
                version INTEGER NOT NULL DEFAULT 1,
                acl_json TEXT NOT NULL,
                metadata_json TEXT NOT NULL DEFAULT '{}',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE TABLE chunks(
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                heading_path TEXT NOT NULL DEFAULT '',
                start_offset INTEGER NOT NULL,
                end_offset INTEGER NOT NULL,
                text TEXT NOT NULL,
                flags TEXT NOT NULL DEFAULT '[]',
                UNIQUE(document_id, ordinal)
            );
            CREATE VIRTUAL TABLE chunks_fts USING fts5(
                title, heading, body, allow, deny,
                tokenize = 'porter unicode61 remove_diacritics 2'
            );
            """
        ),
        // A per-tenant secret for pseudonyms ([EMAIL_7f3a9c]): random (SQLite's randomness comes
        // from the VFS, i.e. libsodium), encrypted with the store, gone when the tenant is.
        (
            2,
            """
            INSERT INTO store_meta(key, value) VALUES ('pseudonym_key', hex(randomblob(32)));
            """
        ),
        // The index stops keeping its own copy of every chunk: it reads title, heading, body
        // and ACL tokens from the tables through a view (FTS5 external content). Half the
        // pages to write, encrypt and checkpoint; ACL tokens move to the document row.
        (
            3,
            """
            ALTER TABLE documents ADD COLUMN allow_tokens TEXT NOT NULL DEFAULT '';
            ALTER TABLE documents ADD COLUMN deny_tokens TEXT NOT NULL DEFAULT '';
            UPDATE documents SET
                allow_tokens = coalesce((SELECT f.allow FROM chunks_fts f JOIN chunks c ON c.id = f.rowid WHERE c.document_id = documents.id LIMIT 1), ''),
                deny_tokens = coalesce((SELECT f.deny FROM chunks_fts f JOIN chunks c ON c.id = f.rowid WHERE c.document_id = documents.id LIMIT 1), '');
            DROP TABLE chunks_fts;
            CREATE VIEW chunk_content AS
                SELECT c.id AS id, d.title AS title, c.heading_path AS heading, c.text AS body,
                       d.allow_tokens AS allow, d.deny_tokens AS deny
                FROM chunks c JOIN documents d ON d.id = c.document_id;
            CREATE VIRTUAL TABLE chunks_fts USING fts5(
                title, heading, body, allow, deny,
                content = 'chunk_content', content_rowid = 'id',
                tokenize = 'porter unicode61 remove_diacritics 2'
            );
            INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild');
            """
        ),
        // The "vault" tokenizer (CVault/vault_tokenizer.c) skips the words of "[REDACTED:TYPE]"
        // placeholders left by ingest scrubbing, so they neither match queries nor count in BM25.
        (
            4,
            """
            DROP TABLE chunks_fts;
            CREATE VIRTUAL TABLE chunks_fts USING fts5(
                title, heading, body, allow, deny,
                content = 'chunk_content', content_rowid = 'id',
                tokenize = 'vault porter unicode61 remove_diacritics 2'
            );
            INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild');
            """
        ),
        // Closing the search oracles: the index holds each field with secrets and PII masked
        // (index_* columns, NULL when the field had none) and PII values as keyed tokens in a
        // `pii` column; chunks get opaque public ids; ACL tokens use normalised principal
        // names. Filling the new columns needs Swift (detection, keys): the 'index_upgrade'
        // mark makes TenantStore do it and rebuild the index, in one transaction, on open.
        (
            5,
            """
            ALTER TABLE documents ADD COLUMN index_title TEXT;
            ALTER TABLE chunks ADD COLUMN index_heading TEXT;
            ALTER TABLE chunks ADD COLUMN index_body TEXT;
            ALTER TABLE chunks ADD COLUMN pii_tokens TEXT NOT NULL DEFAULT '';
            ALTER TABLE chunks ADD COLUMN public_id TEXT;
            CREATE UNIQUE INDEX chunks_public_id ON chunks(public_id);
            INSERT INTO store_meta(key, value) VALUES ('index_key', hex(randomblob(32)));
            INSERT INTO store_meta(key, value) VALUES ('index_upgrade', '5');
            DROP TABLE chunks_fts;
            DROP VIEW chunk_content;
            CREATE VIEW chunk_content AS
                SELECT c.id AS id, coalesce(d.index_title, d.title) AS title,
                       coalesce(c.index_heading, c.heading_path) AS heading, coalesce(c.index_body, c.text) AS body,
                       d.allow_tokens AS allow, d.deny_tokens AS deny, c.pii_tokens AS pii
                FROM chunks c JOIN documents d ON d.id = c.document_id;
            CREATE VIRTUAL TABLE chunks_fts USING fts5(
                title, heading, body, allow, deny, pii,
                content = 'chunk_content', content_rowid = 'id',
                tokenize = 'vault porter unicode61 remove_diacritics 2'
            );
            """
        ),
        // What the detectors found in each body at ingest (`StoredDetections`): a search
        // applies the reader's policy to them instead of scanning the text again. NULL (rows
        // written before): scanned at read time, as before.
        (
            6,
            """
            ALTER TABLE chunks ADD COLUMN body_detections TEXT;
            """
        ),
        // Reversible tokens (`tokenise`): each PII value of a document by its token, so an
        // exempt reader can resolve `[EMAIL:…]` back; deleted with the document. Documents
        // written before have none (their tokens stay unresolved until re-indexed).
        (
            7,
            """
            CREATE TABLE pii_values(
                token TEXT NOT NULL,
                document_id INTEGER NOT NULL,
                type TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (token, document_id)
            ) WITHOUT ROWID;
            CREATE INDEX pii_values_document ON pii_values(document_id);
            """
        ),
        // Vectors (`VectorConfig`): one per embedded chunk, unit length, int8 with its scale,
        // under the model that made it (a configuration change makes the others stale). In the
        // store like everything else: encrypted, copied by re-key, gone with the tenant.
        (
            8,
            """
            CREATE TABLE chunk_vectors(
                chunk_id INTEGER PRIMARY KEY,
                model TEXT NOT NULL,
                scale REAL NOT NULL,
                data BLOB NOT NULL
            );
            """
        )
    ])
}
