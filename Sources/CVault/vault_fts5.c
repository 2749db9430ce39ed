/*
 * vault_fts5.c — auxiliary functions: BM25 with caller-supplied (ACL-scoped) statistics and
 * document lengths, the permitted-rows filter, and the store tokenizer for highlights.
 *
 * FTS5's built-in bm25() takes N, average length and document frequencies from the whole
 * table, so a document the caller cannot read would change the caller's scores. vault_bm25
 * takes those statistics as arguments instead; the Retriever computes them over the permitted
 * rows only.
 */
#include "vault_tokenizer_internal.h"

#include <math.h>
#include <stddef.h> /* NULL */
#include <string.h> /* memset */

#define BM25_K1 1.2
#define BM25_B 0.75
#define MAX_PHRASES 64

/* What vault_bm25's arguments give for one query: they are bound parameters, the same for
 * every row, so each phrase's IDF is computed once (kept with xSetAuxdata for the cursor's
 * life), not once per matched row. */
typedef struct bm25_query {
    int phrases;
    double avgdl;
    double weight[VAULT_SCORED_COLUMNS];
    /* Per phrase: its IDF, or -1 for a phrase that is not scored (an exclusion). */
    double idf[MAX_PHRASES];
} bm25_query;

static bm25_query *bm25_query_of(const Fts5ExtensionApi *api, Fts5Context *fts, int nVal, sqlite3_value **apVal) {
    bm25_query *q = api->xGetAuxdata(fts, 0);
    if (q != NULL) return q;
    q = sqlite3_malloc(sizeof(*q));
    if (q == NULL) return NULL;
    double n_rows = sqlite3_value_double(apVal[0]);
    q->avgdl = sqlite3_value_double(apVal[1]);
    for (int c = 0; c < VAULT_SCORED_COLUMNS; c++) q->weight[c] = sqlite3_value_double(apVal[2 + c]);
    q->phrases = nVal - 5 > MAX_PHRASES ? MAX_PHRASES : nVal - 5;
    for (int p = 0; p < q->phrases; p++) {
        double df = sqlite3_value_double(apVal[5 + p]);
        /* Lucene's IDF: always positive, so small corpora still rank sensibly. */
        q->idf[p] = df < 0 ? -1 : log(1.0 + (n_rows - df + 0.5) / (df + 0.5));
    }
    if (api->xSetAuxdata(fts, q, sqlite3_free) != SQLITE_OK) return NULL; /* it freed q */
    return q;
}

static void vault_bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nVal,
                       sqlite3_value **apVal) {
    if (nVal < 5) {
        sqlite3_result_error(ctx, "vault_bm25: expected N, avgdl, three weights and document frequencies", -1);
        return;
    }
    const bm25_query *q = bm25_query_of(api, fts, nVal, apVal);
    if (q == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    double tf[MAX_PHRASES] = {0};

    /* Per-phrase iteration touches only the caller's phrases; xInst would first materialise
     * the instances of every phrase, the ACL filter's tokens included. */
    int rc = SQLITE_OK;
    for (int p = 0; rc == SQLITE_OK && p < q->phrases; p++) {
        if (q->idf[p] < 0) continue; /* exclusions are never scored */
        Fts5PhraseIter iter;
        int col = -1, off = -1;
        rc = api->xPhraseFirst(fts, p, &iter, &col, &off);
        for (; rc == SQLITE_OK && col >= 0; api->xPhraseNext(fts, &iter, &col, &off)) {
            if (col < VAULT_SCORED_COLUMNS) tf[p] += q->weight[col];
            else if (col == VAULT_PII_COLUMN) tf[p] += q->weight[VAULT_SCORED_COLUMNS - 1];
        }
    }
    double length = -1;
    const vault_row_filter *filter = api->xUserData(fts);
    if (filter != NULL && filter->lengths != NULL) {
        sqlite3_int64 rowid = api->xRowid(fts);
        if (rowid >= 0 && rowid < filter->nlengths && filter->lengths[rowid] >= 0) length = filter->lengths[rowid];
    }
    if (length < 0) {
        length = 0;
        for (int c = 0; rc == SQLITE_OK && c < VAULT_SCORED_COLUMNS; c++) {
            int size = 0;
            rc = api->xColumnSize(fts, c, &size);
            length += size;
        }
    }
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double norm = q->avgdl > 0 ? length / q->avgdl : 1.0;
    double saturation = BM25_K1 * (1.0 - BM25_B + BM25_B * norm);
    double score = 0;
    for (int p = 0; p < q->phrases; p++) {
        if (q->idf[p] < 0 || tf[p] <= 0) continue;
        score += q->idf[p] * (tf[p] * (BM25_K1 + 1.0)) / (tf[p] + saturation);
    }
    sqlite3_result_double(ctx, score);
}

static void vault_doclen(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nVal,
                         sqlite3_value **apVal) {
    (void)nVal;
    (void)apVal;
    sqlite3_int64 total = 0;
    for (int c = 0; c < VAULT_SCORED_COLUMNS; c++) {
        int size = 0;
        int rc = api->xColumnSize(fts, c, &size);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(ctx, rc);
            return;
        }
        total += size;
    }
    sqlite3_result_int64(ctx, total);
}

/* vault_permitted(rowid): 1 when the row's bit is set in the connection's current filter.
 * With no filter installed it answers 0 for every row: a query that forgot to install one
 * returns nothing rather than everything. */
static void vault_permitted(sqlite3_context *ctx, int nVal, sqlite3_value **apVal) {
    const vault_row_filter *filter = sqlite3_user_data(ctx);
    (void)nVal;
    sqlite3_int64 rowid = sqlite3_value_int64(apVal[0]);
    if (filter == NULL || filter->bits == NULL || rowid < 0 || rowid >= filter->nbits) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    sqlite3_result_int(ctx, (filter->bits[rowid >> 3] >> (rowid & 7)) & 1);
}

/* vault_documents(rowid): the state of one aggregation, a bitmap of the documents seen. */
typedef struct documents_seen {
    unsigned char *bits;
    sqlite3_int64 nbytes;
    sqlite3_int64 count;
} documents_seen;

static void vault_documents_step(sqlite3_context *ctx, int nVal, sqlite3_value **apVal) {
    const vault_row_filter *filter = sqlite3_user_data(ctx);
    (void)nVal;
    documents_seen *seen = sqlite3_aggregate_context(ctx, sizeof(documents_seen));
    if (seen == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_int64 rowid = sqlite3_value_int64(apVal[0]);
    if (filter == NULL || filter->documents == NULL || rowid < 0 || rowid >= filter->ndocuments) return;
    int document = filter->documents[rowid];
    if (document < 0) return;
    sqlite3_int64 byte = document >> 3;
    if (byte >= seen->nbytes) {
        /* Grown to fit, doubling: document numbers are dense (the documents table's rowids). */
        sqlite3_int64 size = seen->nbytes > 0 ? seen->nbytes : 64;
        while (size <= byte) size *= 2;
        unsigned char *grown = sqlite3_realloc64(seen->bits, (sqlite3_uint64)size);
        if (grown == NULL) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        memset(grown + seen->nbytes, 0, (size_t)(size - seen->nbytes));
        seen->bits = grown;
        seen->nbytes = size;
    }
    unsigned char mask = (unsigned char)(1 << (document & 7));
    if (!(seen->bits[byte] & mask)) {
        seen->bits[byte] |= mask;
        seen->count++;
    }
}

static void vault_documents_final(sqlite3_context *ctx) {
    documents_seen *seen = sqlite3_aggregate_context(ctx, 0);
    sqlite3_result_int64(ctx, seen != NULL ? seen->count : 0);
    if (seen != NULL) sqlite3_free(seen->bits);
}

int vault_row_filter_register(sqlite3 *db, vault_row_filter *filter) {
    filter->bits = NULL;
    filter->nbits = 0;
    filter->documents = NULL;
    filter->ndocuments = 0;
    filter->lengths = NULL;
    filter->nlengths = 0;
    int rc = sqlite3_create_function_v2(db, "vault_permitted", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                                        filter, vault_permitted, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "vault_documents", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, filter, NULL,
                                        vault_documents_step, vault_documents_final, NULL);
    return rc;
}

/* The documented way to reach the fts5_api: SELECT fts5(?1) with a bound pointer. */
fts5_api *vault_fts5_api(sqlite3 *db) {
    fts5_api *api = NULL;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return api;
}

/* The same configuration as the chunks_fts table (TenantSchema): the redaction-aware wrapper
 * around porter over unicode61, diacritics folded. Made once per connection and kept: reaching
 * the fts5_api prepares a statement, and unicode61 builds its tables on creation — together
 * they cost more than tokenizing a chunk. */
struct vault_tokenizer_handle {
    fts5_tokenizer tokenizer;
    Fts5Tokenizer *instance;
};

vault_tokenizer_handle *vault_tokenizer_open(sqlite3 *db) {
    fts5_api *api = vault_fts5_api(db);
    if (api == NULL) return NULL;
    vault_tokenizer_handle *handle = sqlite3_malloc(sizeof(*handle));
    if (handle == NULL) return NULL;
    memset(handle, 0, sizeof(*handle));
    void *user = NULL;
    const char *args[] = {"porter", "unicode61", "remove_diacritics", "2"};
    if (api->xFindTokenizer(api, "vault", &user, &handle->tokenizer) != SQLITE_OK ||
        handle->tokenizer.xCreate(user, args, 4, &handle->instance) != SQLITE_OK) {
        sqlite3_free(handle);
        return NULL;
    }
    return handle;
}

int vault_tokenizer_run(vault_tokenizer_handle *handle, const char *text, int bytes, void *ctx,
                        int (*callback)(void *ctx, int flags, const char *token, int len, int start, int end)) {
    if (handle == NULL) return SQLITE_MISUSE;
    return handle->tokenizer.xTokenize(handle->instance, ctx, FTS5_TOKENIZE_DOCUMENT, text, bytes, callback);
}

int vault_token_spans_grow(vault_token_spans *out) {
    int capacity = out->capacity ? out->capacity * 2 : 256;
    unsigned int *hashes = sqlite3_realloc64(out->hashes, sizeof(*hashes) * (sqlite3_uint64)capacity);
    if (hashes == NULL) return SQLITE_NOMEM;
    out->hashes = hashes;
    unsigned int *starts = sqlite3_realloc64(out->starts, sizeof(*starts) * (sqlite3_uint64)capacity);
    if (starts == NULL) return SQLITE_NOMEM;
    out->starts = starts;
    unsigned short *lengths = sqlite3_realloc64(out->lengths, sizeof(*lengths) * (sqlite3_uint64)capacity);
    if (lengths == NULL) return SQLITE_NOMEM;
    out->lengths = lengths;
    out->capacity = capacity;
    return SQLITE_OK;
}

static int collect_span(void *ctx, int flags, const char *token, int len, int start, int end) {
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    return vault_token_spans_push(ctx, vault_token_hash(token, len), start, end - start);
}

int vault_tokenizer_spans(vault_tokenizer_handle *handle, const char *text, int bytes, vault_token_spans *out) {
    memset(out, 0, sizeof(*out));
    if (handle == NULL) return SQLITE_MISUSE;
    return handle->tokenizer.xTokenize(handle->instance, out, FTS5_TOKENIZE_DOCUMENT, text, bytes, collect_span);
}

void vault_token_spans_free(vault_token_spans *spans) {
    sqlite3_free(spans->hashes);
    sqlite3_free(spans->starts);
    sqlite3_free(spans->lengths);
    memset(spans, 0, sizeof(*spans));
}

void vault_tokenizer_close(vault_tokenizer_handle *handle) {
    if (handle == NULL) return;
    handle->tokenizer.xDelete(handle->instance);
    sqlite3_free(handle);
}

int vault_fts5_register(sqlite3 *db, const vault_row_filter *filter) {
    fts5_api *api = vault_fts5_api(db);
    if (api == NULL || api->iVersion < 2) return SQLITE_ERROR;
    int rc = api->xCreateFunction(api, "vault_bm25", (void *)filter, vault_bm25, NULL);
    if (rc == SQLITE_OK) rc = api->xCreateFunction(api, "vault_doclen", NULL, vault_doclen, NULL);
    if (rc == SQLITE_OK) rc = vault_tokenizer_register(db);
    return rc;
}
