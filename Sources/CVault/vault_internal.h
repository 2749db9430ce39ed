/*
 * vault_internal.h — declarations shared by the VFS source files; not part of the module API.
 */
#ifndef VAULT_INTERNAL_H
#define VAULT_INTERNAL_H

#include "vault_vfs.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>

/* WAL layout facts (sqlite wal.c): 32-byte file header, 24-byte frame header per frame. */
#define VAULT_WAL_HEADER_BYTES 32
#define VAULT_WAL_FRAME_HEADER_BYTES 24
/* Bytes bound into a WAL frame's AAD beyond file and position: the frame header's page number
 * and commit size (bytes 0..7) and the WAL file header's salts. The frame header's salts and
 * checksums (bytes 8..23) are rewritten by SQLite (walRewriteChecksums), so they are not. */
#define VAULT_WAL_BOUND_HEADER_BYTES 16
#define VAULT_WAL_FRAME_BYTES (VAULT_WAL_FRAME_HEADER_BYTES + VAULT_PAGE_SIZE)
/* Bytes of a page that are encrypted: everything before the reserved nonce + tag. */
#define VAULT_PAYLOAD_BYTES (VAULT_PAGE_SIZE - VAULT_RESERVE_BYTES)
/* Page 1 keeps this many clear bytes in place of SQLite's magic: format tag + file id. */
#define VAULT_PAGE1_CLEAR_BYTES 16
#define VAULT_FORMAT_TAG "RGVLT001"
#define VAULT_FORMAT_TAG_BYTES 8
#define VAULT_FORMAT_VERSION 1

/* Associated data binding a page to its format, file kind, file, position and WAL header. */
#define VAULT_AAD_BYTES (VAULT_FORMAT_TAG_BYTES + 1 + VAULT_FILE_ID_BYTES + 8 + VAULT_WAL_BOUND_HEADER_BYTES)

enum { VAULT_KIND_DB = 'D', VAULT_KIND_WAL = 'W' };

int vault_keyslot_copy(int64_t id, unsigned char *out);

/* Encrypts page[0 .. VAULT_PAGE_SIZE) in place (payload, then nonce+tag into the reserve).
 * `nonce_state` is the writer's 24-byte nonce generator: random prefix + counter. */
void vault_seal_page(unsigned char *page, const unsigned char *key, int kind,
                     const unsigned char *file_id, uint64_t position,
                     const unsigned char *wal_header, unsigned char *nonce_state);

/* Authenticates and decrypts page in place. Returns 0 on success, -1 on failure. */
int vault_open_page(unsigned char *page, const unsigned char *key, int kind,
                    const unsigned char *file_id, uint64_t position,
                    const unsigned char *wal_header);

#endif
