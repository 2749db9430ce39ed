/*
 * vault_page_crypto.c — sealing and opening one 4096-byte page.
 *
 * Layout of a sealed page:  [ ciphertext (4056) | nonce (24) | Poly1305 tag (16) ]
 * Page 1 of a main database keeps its first 16 bytes in clear as format tag + file id (in
 * place of "SQLite format 3\0", which must never reach the disk); those bytes are bound by
 * the associated data, and the magic is restored after a successful open.
 */
#include "vault_internal.h"

#include <string.h>

static const unsigned char sqlite_magic[16] = "SQLite format 3";

static void build_aad(unsigned char *aad, int kind, const unsigned char *file_id,
                      uint64_t position, const unsigned char *wal_header) {
    memcpy(aad, VAULT_FORMAT_TAG, VAULT_FORMAT_TAG_BYTES);
    aad[VAULT_FORMAT_TAG_BYTES] = (unsigned char)kind;
    memcpy(aad + VAULT_FORMAT_TAG_BYTES + 1, file_id, VAULT_FILE_ID_BYTES);
    unsigned char *pos = aad + VAULT_FORMAT_TAG_BYTES + 1 + VAULT_FILE_ID_BYTES;
    for (int i = 0; i < 8; i++) pos[i] = (unsigned char)(position >> (56 - 8 * i));
    unsigned char *hdr = pos + 8;
    if (wal_header != NULL) {
        memcpy(hdr, wal_header, VAULT_WAL_BOUND_HEADER_BYTES);
    } else {
        memset(hdr, 0, VAULT_WAL_BOUND_HEADER_BYTES);
    }
}

/* Page 1 of a database keeps 16 clear bytes; every other page is encrypted from byte 0. */
static size_t clear_prefix(int kind, uint64_t position) {
    return (kind == VAULT_KIND_DB && position == 1) ? VAULT_PAGE1_CLEAR_BYTES : 0;
}

void vault_next_nonce(unsigned char *nonce_state) {
    /* 16 random bytes chosen when the file was opened + a 64-bit counter: unique per write
     * without a call into the random generator on every page. */
    sodium_increment(nonce_state + 16, 8);
}

void vault_seal_page(unsigned char *page, const unsigned char *key, int kind,
                     const unsigned char *file_id, uint64_t position,
                     const unsigned char *wal_header, unsigned char *nonce_state) {
    unsigned char aad[VAULT_AAD_BYTES];
    build_aad(aad, kind, file_id, position, wal_header);
    size_t skip = clear_prefix(kind, position);
    if (skip) {
        memcpy(page, VAULT_FORMAT_TAG, VAULT_FORMAT_TAG_BYTES);
        memcpy(page + VAULT_FORMAT_TAG_BYTES, file_id, VAULT_FILE_ID_BYTES);
    }
    unsigned char *nonce = page + VAULT_PAYLOAD_BYTES;
    unsigned char *tag = nonce + VAULT_NONCE_BYTES;
    /* A fresh nonce on every write, never reused under this key (see vault_next_nonce). */
    vault_next_nonce(nonce_state);
    memcpy(nonce, nonce_state, VAULT_NONCE_BYTES);
    crypto_aead_xchacha20poly1305_ietf_encrypt_detached(
        page + skip, tag, NULL, page + skip, VAULT_PAYLOAD_BYTES - skip, aad, sizeof aad,
        NULL, nonce, key);
}

int vault_open_page(unsigned char *page, const unsigned char *key, int kind,
                    const unsigned char *file_id, uint64_t position,
                    const unsigned char *wal_header) {
    size_t skip = clear_prefix(kind, position);
    /* Page 1 must carry this file's own tag and id: a page 1 copied in from another file
     * carries another id and fails here or in the tag check below. */
    if (skip && (memcmp(page, VAULT_FORMAT_TAG, VAULT_FORMAT_TAG_BYTES) != 0 ||
                 memcmp(page + VAULT_FORMAT_TAG_BYTES, file_id, VAULT_FILE_ID_BYTES) != 0)) {
        return -1;
    }
    unsigned char aad[VAULT_AAD_BYTES];
    build_aad(aad, kind, file_id, position, wal_header);
    const unsigned char *nonce = page + VAULT_PAYLOAD_BYTES;
    const unsigned char *tag = nonce + VAULT_NONCE_BYTES;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached(
            page + skip, NULL, page + skip, VAULT_PAYLOAD_BYTES - skip, tag, aad, sizeof aad,
            nonce, key) != 0) {
        return -1;
    }
    if (skip) memcpy(page, sqlite_magic, sizeof sqlite_magic);
    /* SQLite never interprets reserved bytes; hand it zeros rather than nonce and tag. */
    memset(page + VAULT_PAYLOAD_BYTES, 0, VAULT_RESERVE_BYTES);
    return 0;
}
