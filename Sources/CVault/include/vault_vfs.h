/*
 * vault_vfs.h — the RAGVault page-encryption VFS.
 *
 * A shim over another VFS (normally "unix") that encrypts and authenticates every page of a
 * SQLite main database and every WAL frame with XChaCha20-Poly1305 under a per-file key.
 * See DESIGN.md section 4 for the facts about SQLite's I/O that this file depends on.
 */
#ifndef VAULT_VFS_H
#define VAULT_VFS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The only page size an encrypted store may have; 40 bytes of it are reserved for crypto. */
#define VAULT_PAGE_SIZE 4096
#define VAULT_NONCE_BYTES 24
#define VAULT_TAG_BYTES 16
#define VAULT_RESERVE_BYTES (VAULT_NONCE_BYTES + VAULT_TAG_BYTES)
#define VAULT_KEY_BYTES 32
#define VAULT_FILE_ID_BYTES 8

/* URI parameter that names the key slot of the file being opened (never the key itself). */
#define VAULT_URI_KEY_PARAM "vault_key"

/* File-control opcodes understood by the VFS (queried with sqlite3_file_control on "main"). */
#define VAULT_FCNTL_FAILURE 0x52475601 /* arg: vault_failure*, the last authentication failure */
#define VAULT_FCNTL_INFO 0x52475602    /* arg: vault_info*, format facts of the open file */

/* Where an authentication failure happened. */
enum {
    VAULT_FAILURE_NONE = 0,
    VAULT_FAILURE_DB_PAGE = 1,     /* a main-database page failed to authenticate */
    VAULT_FAILURE_WAL_FRAME = 2,   /* a WAL frame failed outside recovery */
    VAULT_FAILURE_BAD_HEADER = 3,  /* page 1 does not carry the vault format tag */
};

typedef struct vault_failure {
    int kind;                  /* VAULT_FAILURE_* of the most recent failure */
    uint32_t page;             /* database page number (for WAL frames: the frame's page) */
    int64_t failures;          /* authentication failures seen on this connection's files */
    int64_t wal_frames_dropped;/* WAL frames that failed authentication during recovery */
} vault_failure;

typedef struct vault_info {
    int format_version;
    unsigned char file_id[VAULT_FILE_ID_BYTES];
    int file_id_confirmed;     /* 0 while the file is still empty */
} vault_info;

/*
 * Process-wide SQLite settings, before SQLite initialises (any open, or sqlite3_vfs_find):
 * memory statistics off. Returns SQLITE_MISUSE, changing nothing, if SQLite was initialised
 * already. Not thread-safe: call once, before other threads use SQLite.
 */
int vault_sqlite_configure(void);

/*
 * Registers an encrypting VFS named `name` over the VFS named `base` (NULL: the default VFS).
 * Idempotent. Returns a SQLite result code.
 */
int vault_vfs_register(const char *name, const char *base);

/*
 * Copies a 32-byte key into guarded memory and returns the slot number to put in the open
 * URI as vault_key=N, or -1 on failure. The caller zeroes its own copy.
 */
int64_t vault_keyslot_put(const unsigned char *key);

/* Removes and wipes a key slot. Files already open keep their own guarded copy. */
void vault_keyslot_remove(int64_t slot);

/*
 * Authenticates every page of a vault database file by raw reads through the base VFS,
 * without SQLite. Returns 0 when all pages verify, the first failing page number (>= 1)
 * otherwise, or -1 when the file cannot be read / is not a vault file. `pages` receives the
 * number of pages checked.
 */
int64_t vault_verify_file(const char *base_vfs, const char *path, const unsigned char *key,
                          int64_t *pages);

#ifdef __cplusplus
}
#endif

#endif
