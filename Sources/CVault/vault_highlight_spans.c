/*
 * vault_highlight_spans.c — a chunk's token spans for one query's highlights, without stemming
 * every word.
 *
 * Highlighting a chunk read for the first time tokenized all of it with the index tokenizer
 * (vault → porter → unicode61): two thirds of a passage's cost, most of it unicode61's per-
 * character work and porter's per-word rules. In ASCII text the tokens are known without either:
 * unicode61 (no tokenchars or separators options) makes a token of every maximal run of ASCII
 * letters and digits and lower-cases it, and the vault wrapper drops tokens that start inside a
 * "[REDACTED:TYPE]" placeholder. Only a word that could stem to a query token is given to the
 * real tokenizer; every other span gets the hash `miss`, which the caller picked to be no query
 * token's hash. Text with any other byte is tokenized whole, as before.
 *
 * Why a prefix says which words could stem to a token: the porter stemmer never changes a
 * word's first letter, never lengthens it, and rewrites at most its last few letters: of its
 * rules only "biliti" → "ble" leaves two letters the word did not have there ("bility" →
 * "ble"), the others one ("ational" → "ate", "y" → "i", "at" → "ate") or none. So a word
 * stems to token t (m bytes) only if it is at least m bytes long and starts with t's first
 * max(1, m - 2) bytes; VAULT_STEM_TAIL leaves one byte more. Swift tests check the property
 * on generated words and compare these spans with full tokenizing.
 */
#include "vault_tokenizer_internal.h"

#include <stdlib.h>
#include <string.h> /* memset */

#define VAULT_STEM_TAIL 3

/* Each byte's class: separators (0), ASCII letters and digits (1), bytes outside ASCII (2). A
 * table, since the walk over separators is most of the work in indented or punctuated text. */
enum { SEPARATOR = 0, TOKEN_CHAR = 1, NOT_ASCII = 2 };
static const unsigned char CLASS[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
    ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
    [0x80 ... 0xFF] = 2,
};

static unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c; }

/* The wanted tokens by first byte: a word is compared only with those that start as it does
 * (porter keeps a word's first letter), so a 30-word question costs no more per word than one. */
typedef struct Wanted {
    const char *joined; /* token i is joined[starts[i] ..< starts[i] + lengths[i]] */
    const int *starts;
    const int *lengths;
    int count;
    unsigned long long byFirst[128]; /* bit i: token i (of the first 64) starts with this byte */
} Wanted;

static int prefix_fits(const char *word, int length, const char *token, int m) {
    if (m <= 0 || m > length) return 0;
    int prefix = m - VAULT_STEM_TAIL < 1 ? 1 : m - VAULT_STEM_TAIL;
    for (int k = 0; k < prefix; k++) {
        if (lower((unsigned char)word[k]) != (unsigned char)token[k]) return 0;
    }
    return 1;
}

/* Whether the word (ASCII, as written) could stem to one of the wanted tokens. */
static int could_match(const char *word, int length, const Wanted *w) {
    unsigned long long bits = w->byFirst[lower((unsigned char)word[0])];
    while (bits) {
        int i = __builtin_ctzll(bits);
        bits &= bits - 1;
        if (prefix_fits(word, length, w->joined + w->starts[i], w->lengths[i])) return 1;
    }
    for (int i = 64; i < w->count; i++) {
        if (prefix_fits(word, length, w->joined + w->starts[i], w->lengths[i])) return 1;
    }
    return 0;
}

static int hash_token(void *ctx, int flags, const char *token, int len, int start, int end) {
    (void)start;
    (void)end;
    if (!(flags & FTS5_TOKEN_COLOCATED)) *(unsigned int *)ctx = vault_token_hash(token, len);
    return SQLITE_OK;
}

/* The ASCII walk; VAULT_NOT_ASCII when a byte outside ASCII is met (the caller starts over). */
#define VAULT_NOT_ASCII (-1)

static int ascii_spans(vault_tokenizer_handle *handle, const char *text, int bytes, const Wanted *wanted,
                       unsigned int miss, const vault_placeholders *placeholders, vault_token_spans *out) {
    int next = 0; /* first placeholder that may still hold a token (tokens come in order) */
    int p = 0;
    const unsigned char *u = (const unsigned char *)text;
    while (p < bytes) {
        while (p < bytes && CLASS[u[p]] == SEPARATOR) p++;
        if (p == bytes) break;
        if (CLASS[u[p]] == NOT_ASCII) return VAULT_NOT_ASCII;
        int start = p;
        while (p < bytes && CLASS[u[p]] == TOKEN_CHAR) p++;
        if (p < bytes && CLASS[u[p]] == NOT_ASCII) return VAULT_NOT_ASCII;
        while (next < placeholders->count && placeholders->items[next][1] <= start) next++;
        if (next < placeholders->count && placeholders->items[next][0] <= start) continue;
        unsigned int hash = miss;
        if (could_match(text + start, p - start, wanted)) {
            int rc = vault_tokenizer_run(handle, text + start, p - start, &hash, hash_token);
            if (rc != SQLITE_OK) return rc;
        }
        int rc = vault_token_spans_push(out, hash, start, p - start);
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}

int vault_tokenizer_spans_for(vault_tokenizer_handle *handle, const char *text, int bytes, const char *wanted,
                              const int *starts, const int *lengths, int count, unsigned int miss, vault_token_spans *out) {
    memset(out, 0, sizeof(*out));
    if (handle == NULL) return SQLITE_MISUSE;
    Wanted w = {wanted, starts, lengths, count, {0}};
    for (int i = 0; i < count && i < 64; i++) {
        unsigned char first = (unsigned char)wanted[starts[i]];
        if (lengths[i] > 0 && first < 128) w.byFirst[first] |= 1ull << i;
    }
    vault_placeholders placeholders = {NULL, 0, 0};
    int rc = vault_find_placeholders(text, bytes, &placeholders);
    if (rc == SQLITE_OK) rc = ascii_spans(handle, text, bytes, &w, miss, &placeholders, out);
    free(placeholders.items);
    if (rc == VAULT_NOT_ASCII) {
        vault_token_spans_free(out);
        return vault_tokenizer_spans(handle, text, bytes, out);
    }
    return rc;
}
