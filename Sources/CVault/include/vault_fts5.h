/*
 * vault_fts5.h — FTS5 helpers for scoped ranking, the permitted-rows filter and highlights.
 */
#ifndef VAULT_FTS5_H
#define VAULT_FTS5_H

#include <sqlite3.h>

/* Number of leading FTS5 columns that are scored (title, heading, body); the rest hold ACLs. */
#define VAULT_SCORED_COLUMNS 3

/* The column of keyed PII tokens (title, heading, body, allow, deny, pii). Only principals who
 * see a PII type unmasked query it; a match there scores as a body match but adds nothing to
 * the document length, so statistics are those of the text columns. */
#define VAULT_PII_COLUMN 5

struct vault_row_filter;

/*
 * Registers on `db`:
 *   vault_bm25(tbl, N, avgdl, w_title, w_heading, w_body, df_0, …, df_{k-1})
 *       BM25 of the row for the first k query phrases with caller-supplied statistics
 *       (those of the rows the caller may read); df < 0 skips a phrase (an exclusion). The
 *       row's length comes from `filter->lengths` when installed, else from FTS5.
 *   vault_doclen(tbl)
 *       tokens in the scored columns of the row.
 * `filter` (the connection's, see vault_row_filter_register) must outlive the connection.
 * Returns a SQLite result code.
 */
int vault_fts5_register(sqlite3 *db, const struct vault_row_filter *filter);

/*
 * Registers the FTS5 tokenizer "vault" (vault_tokenizer.c): `tokenize = 'vault porter …'`
 * tokenizes with the named tokenizer but drops the words of "[REDACTED:TYPE]" placeholders.
 * Called by vault_fts5_register.
 */
int vault_tokenizer_register(sqlite3 *db);

/* The connection's fts5_api, or NULL. */
fts5_api *vault_fts5_api(sqlite3 *db);

/*
 * The tokenizer of the chunks_fts table ("vault" over porter over unicode61 with
 * remove_diacritics 2), made once for a connection: `vault_tokenizer_run` calls `callback` with
 * each token of `text` and its byte range, so highlights are computed for returned rows without
 * another full-text query. Close it before the connection (it belongs to the connection's FTS5).
 */
typedef struct vault_tokenizer_handle vault_tokenizer_handle;
vault_tokenizer_handle *vault_tokenizer_open(sqlite3 *db);
int vault_tokenizer_run(vault_tokenizer_handle *handle, const char *text, int bytes, void *ctx,
                        int (*callback)(void *ctx, int flags, const char *token, int len, int start, int end));
void vault_tokenizer_close(vault_tokenizer_handle *handle);

/*
 * Every token of `text` as the tokenizer makes it, for highlights: its FNV-1a hash (32-bit,
 * over the token's bytes), start byte and length (clamped to 65535), in order; colocated
 * tokens (synonyms) are skipped. Collected in C so no call crosses into Swift per token. The
 * arrays are sqlite3_malloc'd; free them with vault_token_spans_free (also after an error).
 */
typedef struct vault_token_spans {
    unsigned int *hashes;
    unsigned int *starts;
    unsigned short *lengths;
    int count;
    int capacity;
} vault_token_spans;
int vault_tokenizer_spans(vault_tokenizer_handle *handle, const char *text, int bytes, vault_token_spans *out);
void vault_token_spans_free(vault_token_spans *spans);

/*
 * The same spans for highlighting `count` query tokens as the tokenizer makes them, written one
 * after another in `wanted` (token i: `lengths[i]` bytes from `starts[i]`; made once per query):
 * in ASCII text only words that could stem to one of them are run
 * through the tokenizer and hashed; every other span's hash is `miss` (pick one that is no wanted
 * token's hash). Text with other bytes is tokenized whole. See vault_highlight_spans.c.
 */
int vault_tokenizer_spans_for(vault_tokenizer_handle *handle, const char *text, int bytes, const char *wanted,
                              const int *starts, const int *lengths, int count, unsigned int miss, vault_token_spans *out);

/* A set of permitted rowids as a bitmap, and the document each rowid belongs to, owned by the
 * caller and installed around one query. */
typedef struct vault_row_filter {
    const unsigned char *bits;
    sqlite3_int64 nbits;
    /* documents[rowid]: the row's document number (>= 0), or -1; NULL when not installed. */
    const int *documents;
    sqlite3_int64 ndocuments;
    /* lengths[rowid]: the row's tokens in the scored columns, as vault_doclen counts them, or
     * -1; NULL when not installed. vault_bm25 reads a row's length here instead of asking FTS5,
     * which looks it up in the docsize table: one B-tree search per matched row. */
    const int *lengths;
    sqlite3_int64 nlengths;
} vault_row_filter;

/*
 * Registers on `db`, reading `filter` (which must outlive the connection):
 *   vault_permitted(rowid)
 *       1 when the row's bit is set. While `filter->bits` is NULL every row is refused.
 *   vault_documents(rowid)   (aggregate)
 *       how many distinct documents the aggregated rows belong to, by `filter->documents`;
 *       rows outside the map count for nothing. BM25's document frequency over documents,
 *       not chunks: a document split into three chunks counts once.
 */
int vault_row_filter_register(sqlite3 *db, vault_row_filter *filter);

#endif
