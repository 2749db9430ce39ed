/*
 * vault_tokenizer.c — the store's FTS5 tokenizer, "vault": a wrapper around another tokenizer
 * (the store uses `vault porter unicode61 remove_diacritics 2`) that drops the words of
 * redaction placeholders. A secret scrubbed at ingest leaves "[REDACTED:API_KEY]" in the chunk;
 * indexed, its words would make every such chunk match "api key" and lengthen it for BM25.
 *
 * A placeholder is "[REDACTED:" followed by upper-case letters, digits or '_' and "]". Tokens
 * that start inside one are not passed on; everything else is the wrapped tokenizer's output.
 */
#include "vault_tokenizer_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct VaultTokenizer {
    fts5_tokenizer parent;
    Fts5Tokenizer *instance;
} VaultTokenizer;

typedef struct FilterContext {
    void *ctx;
    int (*callback)(void *, int, const char *, int, int, int);
    const vault_placeholders *ranges;
    int next; /* first range that may still contain a token (tokens come in order) */
} FilterContext;

static const char PREFIX[] = "[REDACTED:";
#define PREFIX_LEN ((int)(sizeof(PREFIX) - 1))

static int is_type_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int vault_find_placeholders(const char *text, int bytes, vault_placeholders *out) {
    const char *end = text + bytes;
    const char *p = text;
    while (p < end && (p = memchr(p, '[', (size_t)(end - p))) != NULL) {
        if (end - p >= PREFIX_LEN + 2 && memcmp(p, PREFIX, PREFIX_LEN) == 0) {
            const char *q = p + PREFIX_LEN;
            while (q < end && is_type_char(*q)) q++;
            if (q < end && *q == ']' && q > p + PREFIX_LEN) {
                if (out->count == out->capacity) {
                    int capacity = out->capacity ? out->capacity * 2 : 8;
                    void *grown = realloc(out->items, sizeof(*out->items) * (size_t)capacity);
                    if (grown == NULL) return SQLITE_NOMEM;
                    out->items = grown;
                    out->capacity = capacity;
                }
                out->items[out->count][0] = (int)(p - text);
                out->items[out->count][1] = (int)(q + 1 - text);
                out->count++;
                p = q + 1;
                continue;
            }
        }
        p++;
    }
    return SQLITE_OK;
}

static int filter_token(void *pCtx, int flags, const char *token, int len, int start, int end) {
    FilterContext *f = pCtx;
    while (f->next < f->ranges->count && f->ranges->items[f->next][1] <= start) f->next++;
    if (f->next < f->ranges->count && f->ranges->items[f->next][0] <= start) return SQLITE_OK; /* inside a placeholder */
    return f->callback(f->ctx, flags, token, len, start, end);
}

static int vault_tokenizer_create(void *user, const char **args, int nArg, Fts5Tokenizer **out) {
    fts5_api *api = user;
    if (nArg < 1) return SQLITE_ERROR; /* the wrapped tokenizer must be named */
    VaultTokenizer *t = sqlite3_malloc(sizeof(*t));
    if (t == NULL) return SQLITE_NOMEM;
    memset(t, 0, sizeof(*t));
    void *parentUser = NULL;
    int rc = api->xFindTokenizer(api, args[0], &parentUser, &t->parent);
    if (rc == SQLITE_OK) rc = t->parent.xCreate(parentUser, args + 1, nArg - 1, &t->instance);
    if (rc != SQLITE_OK) {
        sqlite3_free(t);
        return rc;
    }
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void vault_tokenizer_delete(Fts5Tokenizer *tokenizer) {
    VaultTokenizer *t = (VaultTokenizer *)tokenizer;
    if (t == NULL) return;
    t->parent.xDelete(t->instance);
    sqlite3_free(t);
}

static int vault_tokenizer_tokenize(Fts5Tokenizer *tokenizer, void *ctx, int flags, const char *text, int bytes,
                                    int (*callback)(void *, int, const char *, int, int, int)) {
    VaultTokenizer *t = (VaultTokenizer *)tokenizer;
    vault_placeholders ranges = {NULL, 0, 0};
    int rc = vault_find_placeholders(text, bytes, &ranges);
    if (rc == SQLITE_OK) {
        if (ranges.count == 0) {
            rc = t->parent.xTokenize(t->instance, ctx, flags, text, bytes, callback);
        } else {
            FilterContext f = {ctx, callback, &ranges, 0};
            rc = t->parent.xTokenize(t->instance, &f, flags, text, bytes, filter_token);
        }
    }
    free(ranges.items);
    return rc;
}

int vault_tokenizer_register(sqlite3 *db) {
    fts5_api *api = vault_fts5_api(db);
    if (api == NULL) return SQLITE_ERROR;
    fts5_tokenizer tokenizer = {vault_tokenizer_create, vault_tokenizer_delete, vault_tokenizer_tokenize};
    return api->xCreateTokenizer(api, "vault", api, &tokenizer, NULL);
}
