/*
 * vault_vfs.c — the encrypting VFS: file opening, I/O shapes, vetoes.
 *
 * Only two kinds of file may be opened through it: a main database and its WAL. Every other
 * kind (rollback/super journals, temp databases, statement journals) is refused, so nothing
 * SQLite writes can bypass encryption: connections run with journal_mode=WAL and
 * temp_store=MEMORY, and the refusal turns any slip into an error instead of plaintext.
 */
#include "vault_internal.h"

#include <ctype.h>
#include <string.h>

typedef struct VaultFile {
    sqlite3_file base;             /* must be first: SQLite sees this */
    sqlite3_file *real;            /* the base VFS's file, allocated right after this struct */
    int kind;                      /* VAULT_KIND_DB or VAULT_KIND_WAL */
    unsigned char *key;            /* VAULT_KEY_BYTES, sodium guarded memory */
    unsigned char *scratch;        /* one WAL frame: header + page */
    unsigned char file_id[VAULT_FILE_ID_BYTES];
    unsigned char nonce_state[VAULT_NONCE_BYTES]; /* random at open, then counted up */
    int file_id_confirmed;         /* DB: id read from (or written to) page 1 on disk */
    struct VaultFile *db;          /* WAL: the main database it belongs to */
    unsigned char last_header[VAULT_WAL_FRAME_HEADER_BYTES]; /* WAL: header just written */
    sqlite3_int64 last_header_offset;                         /* -1 when none */
    unsigned char wal_salts[8];    /* WAL: salts of the current WAL header (bytes 16..23) */
    int wal_salts_known;
    vault_failure failure;         /* DB: failures of this file and its WAL */
} VaultFile;

static const sqlite3_io_methods vault_io_methods;

#define BASE_VFS(vfs) ((sqlite3_vfs *)(vfs)->pAppData)

static void record_failure(VaultFile *file, int kind, uint32_t page) {
    VaultFile *owner = file->kind == VAULT_KIND_WAL ? file->db : file;
    if (owner == NULL) return;
    owner->failure.kind = kind;
    owner->failure.page = page;
    owner->failure.failures++;
}

static uint32_t read_be32(const unsigned char *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* ---- main database ---------------------------------------------------------------- */

/* Learns the file id from page 1 once the file has one; until then a provisional random id
 * is used, which the first write of page 1 makes permanent. Another connection may create
 * page 1 first, so an unconfirmed id is re-checked against the disk before every use. */
static int confirm_file_id(VaultFile *file) {
    if (file->file_id_confirmed) return SQLITE_OK;
    sqlite3_int64 size = 0;
    int rc = file->real->pMethods->xFileSize(file->real, &size);
    if (rc != SQLITE_OK) return rc;
    if (size == 0) return SQLITE_OK;
    unsigned char head[VAULT_PAGE1_CLEAR_BYTES];
    rc = file->real->pMethods->xRead(file->real, head, sizeof head, 0);
    if (rc != SQLITE_OK) return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_NOTADB : rc;
    if (memcmp(head, VAULT_FORMAT_TAG, VAULT_FORMAT_TAG_BYTES) != 0) {
        record_failure(file, VAULT_FAILURE_BAD_HEADER, 1);
        return SQLITE_NOTADB;
    }
    memcpy(file->file_id, head + VAULT_FORMAT_TAG_BYTES, VAULT_FILE_ID_BYTES);
    file->file_id_confirmed = 1;
    return SQLITE_OK;
}

/* Reads and opens one whole page into `page`. A page wholly beyond EOF is a short read of
 * zeros (SQLite expects that); a partial page or a failed tag is tampering. */
static int db_read_page(VaultFile *file, unsigned char *page, uint32_t pgno) {
    sqlite3_int64 offset = (sqlite3_int64)(pgno - 1) * VAULT_PAGE_SIZE;
    int rc = file->real->pMethods->xRead(file->real, page, VAULT_PAGE_SIZE, offset);
    if (rc == SQLITE_IOERR_SHORT_READ) {
        sqlite3_int64 size = 0;
        if (file->real->pMethods->xFileSize(file->real, &size) != SQLITE_OK) return SQLITE_IOERR_READ;
        if (offset >= size) {
            memset(page, 0, VAULT_PAGE_SIZE);
            return SQLITE_IOERR_SHORT_READ;
        }
        record_failure(file, VAULT_FAILURE_DB_PAGE, pgno);
        return SQLITE_IOERR_DATA;
    }
    if (rc != SQLITE_OK) return rc;
    if (vault_open_page(page, file->key, VAULT_KIND_DB, file->file_id, pgno, NULL) != 0) {
        record_failure(file, VAULT_FAILURE_DB_PAGE, pgno);
        return SQLITE_IOERR_DATA;
    }
    return SQLITE_OK;
}

static int db_read(VaultFile *file, unsigned char *out, int amount, sqlite3_int64 offset) {
    int rc = confirm_file_id(file);
    if (rc != SQLITE_OK) return rc;
    if (!file->file_id_confirmed) {
        /* Empty file: nothing to decrypt, SQLite expects a short read of zeros. */
        memset(out, 0, (size_t)amount);
        return SQLITE_IOERR_SHORT_READ;
    }
    int result = SQLITE_OK;
    while (amount > 0) {
        uint32_t pgno = (uint32_t)(offset / VAULT_PAGE_SIZE) + 1;
        int within = (int)(offset % VAULT_PAGE_SIZE);
        int take = VAULT_PAGE_SIZE - within;
        if (take > amount) take = amount;
        /* Whole aligned pages decrypt in the caller's buffer; partial reads (the 100-byte
         * header at open, the 16-byte change counter) go through scratch. */
        unsigned char *page = (within == 0 && take == VAULT_PAGE_SIZE) ? out : file->scratch;
        rc = db_read_page(file, page, pgno);
        if (rc == SQLITE_IOERR_SHORT_READ) {
            result = rc;
        } else if (rc != SQLITE_OK) {
            return rc;
        }
        if (page != out) memcpy(out, page + within, (size_t)take);
        out += take;
        offset += take;
        amount -= take;
    }
    return result;
}

static int db_write(VaultFile *file, const unsigned char *data, int amount, sqlite3_int64 offset) {
    /* SQLite writes a WAL-mode database only by checkpoint and page-1 setup: whole pages. */
    if (offset % VAULT_PAGE_SIZE != 0 || amount % VAULT_PAGE_SIZE != 0) return SQLITE_IOERR_WRITE;
    int rc = confirm_file_id(file);
    if (rc != SQLITE_OK) return rc;
    for (; amount > 0; amount -= VAULT_PAGE_SIZE, data += VAULT_PAGE_SIZE, offset += VAULT_PAGE_SIZE) {
        uint32_t pgno = (uint32_t)(offset / VAULT_PAGE_SIZE) + 1;
        memcpy(file->scratch, data, VAULT_PAGE_SIZE);
        vault_seal_page(file->scratch, file->key, VAULT_KIND_DB, file->file_id, pgno, NULL, file->nonce_state);
        rc = file->real->pMethods->xWrite(file->real, file->scratch, VAULT_PAGE_SIZE, offset);
        if (rc != SQLITE_OK) return rc;
        if (pgno == 1) file->file_id_confirmed = 1;
    }
    return SQLITE_OK;
}

/* ---- WAL ------------------------------------------------------------------------ */

/* What a WAL frame's AAD binds besides file and position: the frame header's page number
 * and commit size (bytes 0..7, never rewritten) and the salts of the WAL *file* header. The
 * frame header's own salt copy is not used: SQLite writes it as zeros and fills it in later
 * (walEncodeFrame with iReCksum set, then walRewriteChecksums), so it is not stable. */
static void wal_bound_bytes(VaultFile *file, const unsigned char *frame_header, unsigned char *bound) {
    memcpy(bound, frame_header, 8);
    memcpy(bound + 8, file->wal_salts, 8);
}

/* Reads the salts from the WAL header on disk (another connection may have restarted it). */
static int wal_reload_salts(VaultFile *file) {
    unsigned char header[VAULT_WAL_HEADER_BYTES];
    int rc = file->real->pMethods->xRead(file->real, header, VAULT_WAL_HEADER_BYTES, 0);
    if (rc != SQLITE_OK) return rc;
    memcpy(file->wal_salts, header + 16, 8);
    file->wal_salts_known = 1;
    return SQLITE_OK;
}

/* Frame i (0-based) starts here; the position bound into its AAD is i + 1. */
static sqlite3_int64 frame_offset(sqlite3_int64 index) {
    return VAULT_WAL_HEADER_BYTES + index * VAULT_WAL_FRAME_BYTES;
}

/* Whether a frame at or after `from` is a commit frame (non-zero commit size) that
 * authenticates under `salts`, or, with salts NULL, under the salt copy in its own header.
 * Recovery stops at the first invalid frame, so such a frame after a failed one means a
 * committed transaction would silently vanish: not a torn final write (which can only damage
 * what follows the last commit) but tampering. */
static int wal_later_commit_authenticates(VaultFile *file, sqlite3_int64 from, const unsigned char *salts) {
    sqlite3_int64 size = 0;
    if (file->real->pMethods->xFileSize(file->real, &size) != SQLITE_OK) return 0;
    unsigned char *frame = sqlite3_malloc(VAULT_WAL_FRAME_BYTES);
    if (frame == NULL) return 0;
    int found = 0;
    for (sqlite3_int64 j = from; !found && frame_offset(j) + VAULT_WAL_FRAME_BYTES <= size; j++) {
        if (file->real->pMethods->xRead(file->real, frame, VAULT_WAL_FRAME_BYTES, frame_offset(j)) != SQLITE_OK) break;
        if (read_be32(frame + 4) == 0) continue; /* not the last frame of a transaction */
        unsigned char bound[VAULT_WAL_BOUND_HEADER_BYTES];
        memcpy(bound, frame, 8);
        memcpy(bound + 8, salts != NULL ? salts : frame + 8, 8);
        found = vault_open_page(frame + VAULT_WAL_FRAME_HEADER_BYTES, file->key, VAULT_KIND_WAL, file->file_id,
                                (uint64_t)j + 1, bound) == 0;
    }
    sqlite3_free(frame);
    return found;
}

static uint32_t read_le32(const unsigned char *p) {
    return ((uint32_t)p[3] << 24) | ((uint32_t)p[2] << 16) | ((uint32_t)p[1] << 8) | p[0];
}

/* SQLite's own validity test of a WAL header (wal.c): magic, version and the checksum of
 * bytes 0..23, in the byte order the magic's low bit names. */
static int wal_header_valid(const unsigned char *h) {
    uint32_t magic = read_be32(h);
    if ((magic & ~1u) != 0x377f0682u || read_be32(h + 4) != 3007000u) return 0;
    int big = (int)(magic & 1);
    uint32_t s0 = 0, s1 = 0;
    for (int i = 0; i < 24; i += 8) {
        s0 += (big ? read_be32(h + i) : read_le32(h + i)) + s1;
        s1 += (big ? read_be32(h + i + 4) : read_le32(h + i + 4)) + s0;
    }
    return s0 == read_be32(h + 24) && s1 == read_be32(h + 28);
}

static int wal_read(VaultFile *file, unsigned char *out, int amount, sqlite3_int64 offset) {
    const sqlite3_io_methods *io = file->real->pMethods;
    /* The WAL file header (magic, page size, salts) holds no content; it stays clear. */
    if (offset + amount <= VAULT_WAL_HEADER_BYTES) {
        int rc = io->xRead(file->real, out, amount, offset);
        /* Recovery reads the header first: note the salts the frames are bound to. */
        if (rc == SQLITE_OK && offset == 0 && amount == VAULT_WAL_HEADER_BYTES) {
            memcpy(file->wal_salts, out + 16, 8);
            file->wal_salts_known = 1;
            /* SQLite ignores a WAL whose header fails its checks, committed frames and all.
             * If committed frames still authenticate under the salts this header names, the
             * header was edited, not torn: fail closed. (A header whose salt bytes are
             * damaged cannot be told from a deleted WAL; see docs/threat-model.md.) */
            if (!wal_header_valid(out) && wal_later_commit_authenticates(file, 0, out + 16)) {
                record_failure(file, VAULT_FAILURE_WAL_FRAME, 0);
                return SQLITE_IOERR_DATA;
            }
        }
        return rc;
    }
    if (offset < VAULT_WAL_HEADER_BYTES) return SQLITE_IOERR_READ;
    sqlite3_int64 index = (offset - VAULT_WAL_HEADER_BYTES) / VAULT_WAL_FRAME_BYTES;
    int within = (int)((offset - VAULT_WAL_HEADER_BYTES) % VAULT_WAL_FRAME_BYTES);
    sqlite3_int64 start = frame_offset(index);
    unsigned char bound[VAULT_WAL_BOUND_HEADER_BYTES];

    /* Frame header bytes alone (incl. the 8-byte checksum read of walRewriteChecksums). */
    if (within + amount <= VAULT_WAL_FRAME_HEADER_BYTES) return io->xRead(file->real, out, amount, offset);
    if (!file->wal_salts_known) {
        int rc = wal_reload_salts(file);
        if (rc != SQLITE_OK) return rc;
    }

    if (within == 0 && amount == VAULT_WAL_FRAME_BYTES) {
        /* Whole frame: recovery (or a checksum rewrite). A frame that fails authentication
         * must look like an invalid frame so that recovery ends the log there, exactly as
         * for a bad checksum: a zero page number is invalid to walDecodeFrame. */
        int rc = io->xRead(file->real, out, amount, offset);
        if (rc != SQLITE_OK) return rc;
        wal_bound_bytes(file, out, bound);
        if (vault_open_page(out + VAULT_WAL_FRAME_HEADER_BYTES, file->key, VAULT_KIND_WAL,
                            file->file_id, (uint64_t)index + 1, bound) != 0) {
            /* Count only frames SQLite would otherwise have accepted: those carrying the
             * current salts. A stale frame from an earlier WAL generation is ignored anyway. */
            if (file->db != NULL && memcmp(out + 8, file->wal_salts, 8) == 0) {
                if (wal_later_commit_authenticates(file, index + 1, file->wal_salts)) {
                    record_failure(file, VAULT_FAILURE_WAL_FRAME, read_be32(out));
                    return SQLITE_IOERR_DATA;
                }
                file->db->failure.wal_frames_dropped++;
            }
            memset(out, 0, (size_t)amount);
        }
        return SQLITE_OK;
    }

    if (within == VAULT_WAL_FRAME_HEADER_BYTES && amount <= VAULT_PAGE_SIZE) {
        /* Page data of a committed frame: outside recovery a failure is fatal (fail closed),
         * after one retry with the salts re-read (another connection may have restarted the
         * WAL since this one last looked). */
        for (int attempt = 0; attempt < 2; attempt++) {
            int rc = io->xRead(file->real, file->scratch, VAULT_WAL_FRAME_BYTES, start);
            if (rc != SQLITE_OK) return rc;
            unsigned char *page = file->scratch + VAULT_WAL_FRAME_HEADER_BYTES;
            wal_bound_bytes(file, file->scratch, bound);
            if (vault_open_page(page, file->key, VAULT_KIND_WAL, file->file_id, (uint64_t)index + 1, bound) == 0) {
                memcpy(out, page, (size_t)amount);
                return SQLITE_OK;
            }
            if (attempt == 0 && (rc = wal_reload_salts(file)) != SQLITE_OK) return rc;
        }
        record_failure(file, VAULT_FAILURE_WAL_FRAME, read_be32(file->scratch));
        return SQLITE_IOERR_DATA;
    }
    return SQLITE_IOERR_READ; /* a shape SQLite does not use: refuse rather than guess */
}

static int wal_write(VaultFile *file, const unsigned char *data, int amount, sqlite3_int64 offset) {
    const sqlite3_io_methods *io = file->real->pMethods;
    if (offset == 0 && amount == VAULT_WAL_HEADER_BYTES) {
        /* A new WAL generation: frames written from now on are bound to these salts. */
        file->last_header_offset = -1;
        memcpy(file->wal_salts, data + 16, 8);
        file->wal_salts_known = 1;
        return io->xWrite(file->real, data, amount, offset);
    }
    if (offset < VAULT_WAL_HEADER_BYTES) return SQLITE_IOERR_WRITE;
    sqlite3_int64 index = (offset - VAULT_WAL_HEADER_BYTES) / VAULT_WAL_FRAME_BYTES;
    int within = (int)((offset - VAULT_WAL_HEADER_BYTES) % VAULT_WAL_FRAME_BYTES);
    sqlite3_int64 start = frame_offset(index);

    if (within == 0 && amount == VAULT_WAL_FRAME_HEADER_BYTES) {
        /* SQLite writes the frame header first, then the page at +24 (walWriteOneFrame). */
        memcpy(file->last_header, data, VAULT_WAL_FRAME_HEADER_BYTES);
        file->last_header_offset = start;
        /* A frame header carries the current salts unless SQLite left them zero for a later
         * checksum rewrite; taking them from here keeps a connection that did not restart the
         * WAL itself (another one did) from binding its frames to stale salts. */
        static const unsigned char zero[8] = {0};
        if (memcmp(data + 8, zero, 8) != 0) {
            memcpy(file->wal_salts, data + 8, 8);
            file->wal_salts_known = 1;
        }
        return io->xWrite(file->real, data, amount, offset);
    }
    if (within == 16 && amount == 8) {
        return io->xWrite(file->real, data, amount, offset); /* checksum-only rewrite */
    }
    const unsigned char *header;
    unsigned char *page = file->scratch + VAULT_WAL_FRAME_HEADER_BYTES;
    if (within == 0 && amount == VAULT_WAL_FRAME_BYTES) {
        header = data;
        memcpy(file->scratch, data, VAULT_WAL_FRAME_HEADER_BYTES);
        memcpy(page, data + VAULT_WAL_FRAME_HEADER_BYTES, VAULT_PAGE_SIZE);
    } else if (within == VAULT_WAL_FRAME_HEADER_BYTES && amount == VAULT_PAGE_SIZE) {
        if (file->last_header_offset == start) {
            header = file->last_header;
        } else {
            /* A page rewritten in place inside one transaction: its header is on disk. */
            int rc = io->xRead(file->real, file->scratch, VAULT_WAL_FRAME_HEADER_BYTES, start);
            if (rc != SQLITE_OK) return rc;
            header = file->scratch;
        }
        memcpy(page, data, VAULT_PAGE_SIZE);
    } else {
        return SQLITE_IOERR_WRITE;
    }
    if (!file->wal_salts_known) {
        int rc = wal_reload_salts(file);
        if (rc != SQLITE_OK) return rc;
    }
    unsigned char bound[VAULT_WAL_BOUND_HEADER_BYTES];
    wal_bound_bytes(file, header, bound);
    vault_seal_page(page, file->key, VAULT_KIND_WAL, file->file_id, (uint64_t)index + 1, bound, file->nonce_state);
    if (within == 0) {
        memcpy(file->scratch, data, VAULT_WAL_FRAME_HEADER_BYTES);
        return io->xWrite(file->real, file->scratch, VAULT_WAL_FRAME_BYTES, start);
    }
    return io->xWrite(file->real, page, VAULT_PAGE_SIZE, offset);
}

/* ---- io methods ------------------------------------------------------------------ */

static int vault_close(sqlite3_file *f) {
    VaultFile *file = (VaultFile *)f;
    int rc = SQLITE_OK;
    if (file->real->pMethods != NULL) rc = file->real->pMethods->xClose(file->real);
    if (file->key != NULL) sodium_free(file->key);
    if (file->scratch != NULL) sodium_free(file->scratch);
    file->key = NULL;
    file->scratch = NULL;
    return rc;
}

static int vault_read(sqlite3_file *f, void *out, int amount, sqlite3_int64 offset) {
    VaultFile *file = (VaultFile *)f;
    return file->kind == VAULT_KIND_DB ? db_read(file, out, amount, offset)
                                       : wal_read(file, out, amount, offset);
}

static int vault_write(sqlite3_file *f, const void *data, int amount, sqlite3_int64 offset) {
    VaultFile *file = (VaultFile *)f;
    return file->kind == VAULT_KIND_DB ? db_write(file, data, amount, offset)
                                       : wal_write(file, data, amount, offset);
}

static int vault_truncate(sqlite3_file *f, sqlite3_int64 size) {
    VaultFile *file = (VaultFile *)f;
    return file->real->pMethods->xTruncate(file->real, size);
}

static int vault_sync(sqlite3_file *f, int flags) {
    VaultFile *file = (VaultFile *)f;
    return file->real->pMethods->xSync(file->real, flags);
}

static int vault_file_size(sqlite3_file *f, sqlite3_int64 *size) {
    VaultFile *file = (VaultFile *)f;
    return file->real->pMethods->xFileSize(file->real, size);
}

static int vault_lock(sqlite3_file *f, int level) {
    VaultFile *file = (VaultFile *)f;
    return file->real->pMethods->xLock(file->real, level);
}

static int vault_unlock(sqlite3_file *f, int level) {
    VaultFile *file = (VaultFile *)f;
    return file->real->pMethods->xUnlock(file->real, level);
}

static int vault_check_reserved(sqlite3_file *f, int *out) {
    VaultFile *file = (VaultFile *)f;
    return file->real->pMethods->xCheckReservedLock(file->real, out);
}

static int lowercase_equals(const char *a, const char *b) {
    if (a == NULL) return 0;
    for (; *a && *b; a++, b++) {
        if (tolower((unsigned char)*a) != *b) return 0;
    }
    return *a == 0 && *b == 0;
}

/* PRAGMAs that would let plaintext reach the disk or break the page layout are vetoed here,
 * where SQLite asks the VFS first (SQLITE_FCNTL_PRAGMA: argv[1] name, argv[2] value). */
static int veto_pragma(VaultFile *file, char **argv) {
    const char *name = argv[1];
    const char *value = argv[2];
    const char *why = NULL;
    if (value == NULL) return SQLITE_NOTFOUND; /* queries are always fine */
    if (lowercase_equals(name, "journal_mode")) {
        sqlite3_int64 size = 0;
        file->real->pMethods->xFileSize(file->real, &size);
        /* MEMORY is allowed only while the file is empty: it is how page 1 is created
         * without an on-disk rollback journal before switching to WAL. */
        int allowed = lowercase_equals(value, "wal") || (size == 0 && lowercase_equals(value, "memory"));
        if (!allowed) why = "journal_mode is fixed to WAL for encrypted stores";
    } else if (lowercase_equals(name, "page_size")) {
        if (atoi(value) != VAULT_PAGE_SIZE) why = "page_size is fixed to 4096 for encrypted stores";
    } else if (lowercase_equals(name, "temp_store")) {
        if (!lowercase_equals(value, "memory") && strcmp(value, "2") != 0) {
            why = "temp_store must stay MEMORY: temp files would bypass encryption";
        }
    } else if (lowercase_equals(name, "mmap_size")) {
        if (atoll(value) != 0) why = "mmap is disabled for encrypted stores";
    }
    if (why == NULL) return SQLITE_NOTFOUND;
    argv[0] = sqlite3_mprintf("ragvault: %s", why);
    return SQLITE_ERROR;
}

static int vault_file_control(sqlite3_file *f, int op, void *arg) {
    VaultFile *file = (VaultFile *)f;
    switch (op) {
    case SQLITE_FCNTL_PRAGMA:
        return veto_pragma(file, (char **)arg);
    case VAULT_FCNTL_FAILURE:
        *(vault_failure *)arg = file->failure;
        return SQLITE_OK;
    case VAULT_FCNTL_INFO: {
        vault_info *info = (vault_info *)arg;
        int rc = confirm_file_id(file);
        if (rc != SQLITE_OK) return rc;
        info->format_version = VAULT_FORMAT_VERSION;
        memcpy(info->file_id, file->file_id, VAULT_FILE_ID_BYTES);
        info->file_id_confirmed = file->file_id_confirmed;
        return SQLITE_OK;
    }
    case SQLITE_FCNTL_MMAP_SIZE:
        /* Report mmap as off; io_methods version 2 means xFetch is never called anyway. */
        if (arg != NULL) *(sqlite3_int64 *)arg = 0;
        return SQLITE_OK;
    default:
        return file->real->pMethods->xFileControl(file->real, op, arg);
    }
}

static int vault_sector_size(sqlite3_file *f) {
    VaultFile *file = (VaultFile *)f;
    return file->real->pMethods->xSectorSize(file->real);
}

static int vault_device_characteristics(sqlite3_file *f) {
    VaultFile *file = (VaultFile *)f;
    /* Batch-atomic writes would skip the WAL path this VFS relies on. */
    return file->real->pMethods->xDeviceCharacteristics(file->real) & ~SQLITE_IOCAP_BATCH_ATOMIC;
}

static int vault_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **out) {
    VaultFile *file = (VaultFile *)f;
    return file->real->pMethods->xShmMap(file->real, page, size, extend, out);
}

static int vault_shm_lock(sqlite3_file *f, int offset, int n, int flags) {
    VaultFile *file = (VaultFile *)f;
    return file->real->pMethods->xShmLock(file->real, offset, n, flags);
}

static void vault_shm_barrier(sqlite3_file *f) {
    VaultFile *file = (VaultFile *)f;
    file->real->pMethods->xShmBarrier(file->real);
}

static int vault_shm_unmap(sqlite3_file *f, int delete_flag) {
    VaultFile *file = (VaultFile *)f;
    return file->real->pMethods->xShmUnmap(file->real, delete_flag);
}

/* Version 2: no xFetch/xUnfetch, so SQLite can never memory-map pages past decryption. */
static const sqlite3_io_methods vault_io_methods = {
    2, vault_close, vault_read, vault_write, vault_truncate, vault_sync, vault_file_size,
    vault_lock, vault_unlock, vault_check_reserved, vault_file_control, vault_sector_size,
    vault_device_characteristics, vault_shm_map, vault_shm_lock, vault_shm_barrier,
    vault_shm_unmap, NULL, NULL,
};

/* ---- vfs ------------------------------------------------------------------------- */

static int vault_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
                      int *out_flags) {
    VaultFile *file = (VaultFile *)f;
    memset(file, 0, sizeof *file);
    file->real = (sqlite3_file *)&file[1];
    file->last_header_offset = -1;
    if (name == NULL) return SQLITE_CANTOPEN; /* unnamed temp file: would be plaintext */

    if (flags & SQLITE_OPEN_MAIN_DB) {
        file->kind = VAULT_KIND_DB;
        /* psow=0 lets SQLite split WAL page writes at sector boundaries. */
        if (!sqlite3_uri_boolean(name, "psow", 1)) return SQLITE_CANTOPEN;
    } else if (flags & SQLITE_OPEN_WAL) {
        file->kind = VAULT_KIND_WAL;
        sqlite3_file *owner = sqlite3_database_file_object(name);
        if (owner == NULL || owner->pMethods != &vault_io_methods) return SQLITE_CANTOPEN;
        file->db = (VaultFile *)owner;
    } else {
        return SQLITE_CANTOPEN; /* journals, temp and transient files are never written */
    }

    randombytes_buf(file->nonce_state, sizeof file->nonce_state);
    file->key = sodium_malloc(VAULT_KEY_BYTES);
    file->scratch = sodium_malloc(VAULT_WAL_FRAME_BYTES);
    if (file->key == NULL || file->scratch == NULL) {
        vault_close(f);
        return SQLITE_NOMEM;
    }
    if (file->kind == VAULT_KIND_DB) {
        sqlite3_int64 slot = sqlite3_uri_int64(name, VAULT_URI_KEY_PARAM, -1);
        if (!vault_keyslot_copy(slot, file->key)) {
            vault_close(f);
            return SQLITE_AUTH;
        }
    } else {
        /* The WAL is bound to its database: same key, same file id, and the database must
         * already be a confirmed vault file (its page 1 is written before WAL mode starts). */
        memcpy(file->key, file->db->key, VAULT_KEY_BYTES);
        if (confirm_file_id(file->db) != SQLITE_OK || !file->db->file_id_confirmed) {
            vault_close(f);
            return SQLITE_CANTOPEN;
        }
        memcpy(file->file_id, file->db->file_id, VAULT_FILE_ID_BYTES);
    }

    sqlite3_vfs *base = BASE_VFS(vfs);
    int rc = base->xOpen(base, name, file->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        vault_close(f);
        return rc;
    }
    if (file->kind == VAULT_KIND_DB) {
        randombytes_buf(file->file_id, VAULT_FILE_ID_BYTES); /* provisional until page 1 */
        rc = confirm_file_id(file);
        if (rc != SQLITE_OK) {
            vault_close(f);
            return rc;
        }
    }
    f->pMethods = &vault_io_methods;
    return SQLITE_OK;
}

static int vault_delete(sqlite3_vfs *vfs, const char *name, int sync_dir) {
    return BASE_VFS(vfs)->xDelete(BASE_VFS(vfs), name, sync_dir);
}

static int vault_access(sqlite3_vfs *vfs, const char *name, int flags, int *out) {
    return BASE_VFS(vfs)->xAccess(BASE_VFS(vfs), name, flags, out);
}

static int vault_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out) {
    return BASE_VFS(vfs)->xFullPathname(BASE_VFS(vfs), name, n, out);
}

static void *vault_dl_open(sqlite3_vfs *vfs, const char *path) {
    (void)vfs;
    (void)path;
    return NULL; /* loading extensions through an encrypted store's VFS is not supported */
}

static void vault_dl_error(sqlite3_vfs *vfs, int n, char *out) {
    (void)vfs;
    sqlite3_snprintf(n, out, "extension loading is disabled on the ragvault VFS");
}

static void (*vault_dl_sym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void) {
    (void)vfs;
    (void)handle;
    (void)symbol;
    return NULL;
}

static void vault_dl_close(sqlite3_vfs *vfs, void *handle) {
    (void)vfs;
    (void)handle;
}

static int vault_randomness(sqlite3_vfs *vfs, int n, char *out) {
    (void)vfs;
    randombytes_buf(out, (size_t)n);
    return n;
}

static int vault_sleep(sqlite3_vfs *vfs, int microseconds) {
    return BASE_VFS(vfs)->xSleep(BASE_VFS(vfs), microseconds);
}

static int vault_current_time(sqlite3_vfs *vfs, double *out) {
    return BASE_VFS(vfs)->xCurrentTime(BASE_VFS(vfs), out);
}

static int vault_last_error(sqlite3_vfs *vfs, int n, char *out) {
    return BASE_VFS(vfs)->xGetLastError(BASE_VFS(vfs), n, out);
}

static int vault_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out) {
    return BASE_VFS(vfs)->xCurrentTimeInt64(BASE_VFS(vfs), out);
}

int vault_sqlite_configure(void) {
    /* Without memory statistics, sqlite3_malloc and sqlite3_free take no process-wide mutex.
     * With them on, that one mutex was most of the locking in a loaded server, and two
     * threads searching at once queued on it. Only sqlite3_memory_used() and the heap limits
     * are lost, and nothing here uses them. */
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int vault_vfs_register(const char *name, const char *base_name) {
    if (sodium_init() < 0) return SQLITE_ERROR;
    if (sqlite3_vfs_find(name) != NULL) return SQLITE_OK;
    sqlite3_vfs *base = sqlite3_vfs_find(base_name);
    if (base == NULL) return SQLITE_ERROR;
    sqlite3_vfs *vfs = calloc(1, sizeof(sqlite3_vfs));
    char *stored_name = strdup(name);
    if (vfs == NULL || stored_name == NULL) {
        free(vfs);
        free(stored_name);
        return SQLITE_NOMEM;
    }
    vfs->iVersion = 2;
    vfs->szOsFile = (int)sizeof(VaultFile) + base->szOsFile;
    vfs->mxPathname = base->mxPathname;
    vfs->zName = stored_name;
    vfs->pAppData = base;
    vfs->xOpen = vault_open;
    vfs->xDelete = vault_delete;
    vfs->xAccess = vault_access;
    vfs->xFullPathname = vault_full_pathname;
    vfs->xDlOpen = vault_dl_open;
    vfs->xDlError = vault_dl_error;
    vfs->xDlSym = vault_dl_sym;
    vfs->xDlClose = vault_dl_close;
    vfs->xRandomness = vault_randomness;
    vfs->xSleep = vault_sleep;
    vfs->xCurrentTime = vault_current_time;
    vfs->xGetLastError = vault_last_error;
    vfs->xCurrentTimeInt64 = vault_current_time_int64;
    /* Registered once per process and never unregistered: SQLite keeps the pointer. */
    return sqlite3_vfs_register(vfs, 0);
}
