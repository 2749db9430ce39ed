/*
 * vault_tokenizer_internal.h — what the tokenizer's source files share; not part of the module API.
 */
#ifndef VAULT_TOKENIZER_INTERNAL_H
#define VAULT_TOKENIZER_INTERNAL_H

#include "vault_fts5.h"

/* Byte ranges of the "[REDACTED:TYPE]" placeholders in one text, in order (vault_tokenizer.c). */
typedef struct vault_placeholders {
    int (*items)[2];
    int count;
    int capacity;
} vault_placeholders;

/* Finds every placeholder in text; SQLITE_NOMEM if the list cannot grow. Free `items` with free(). */
int vault_find_placeholders(const char *text, int bytes, vault_placeholders *out);

/* Makes room for more spans (vault_fts5.c); SQLITE_NOMEM if the arrays cannot grow. */
int vault_token_spans_grow(vault_token_spans *out);

/* Appends one span; SQLITE_NOMEM if the arrays cannot grow. Inline: it runs once per token. */
static inline int vault_token_spans_push(vault_token_spans *out, unsigned int hash, int start, int length) {
    if (out->count == out->capacity) {
        int rc = vault_token_spans_grow(out);
        if (rc != SQLITE_OK) return rc;
    }
    out->hashes[out->count] = hash;
    out->starts[out->count] = (unsigned int)start;
    out->lengths[out->count] = (unsigned short)(length < 0 ? 0 : length > 65535 ? 65535 : length);
    out->count++;
    return SQLITE_OK;
}

/* FNV-1a over a token's bytes, as ChunkTokens.hash computes it in Swift. */
static inline unsigned int vault_token_hash(const char *token, int length) {
    unsigned int h = 2166136261u;
    for (int i = 0; i < length; i++) h = (h ^ (unsigned char)token[i]) * 16777619u;
    return h;
}

#endif
