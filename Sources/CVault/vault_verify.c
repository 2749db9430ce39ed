/*
 * vault_verify.c — authenticate every page of a vault database file, for `ragvault doctor`.
 *
 * PRAGMA integrity_check only visits pages reachable from the b-trees; free-list pages can
 * hold old ciphertext too, so the doctor reads the file page by page. The file is opened
 * through the base VFS (never open()/close() directly: closing a second descriptor of a
 * file drops the process's POSIX locks on it; the unix VFS shares one inode record instead).
 */
#include "vault_internal.h"

#include <string.h>

int64_t vault_verify_file(const char *base_name, const char *path, const unsigned char *key,
                          int64_t *pages) {
    *pages = 0;
    sqlite3_vfs *base = sqlite3_vfs_find(base_name);
    if (base == NULL || sodium_init() < 0) return -1;
    sqlite3_file *file = sqlite3_malloc(base->szOsFile);
    unsigned char *page = sodium_malloc(VAULT_PAGE_SIZE);
    if (file == NULL || page == NULL) {
        sqlite3_free(file);
        if (page) sodium_free(page);
        return -1;
    }
    memset(file, 0, (size_t)base->szOsFile);
    int64_t result = -1;
    int out_flags = 0;
    if (base->xOpen(base, path, file, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &out_flags) != SQLITE_OK) {
        goto done;
    }
    sqlite3_int64 size = 0;
    if (file->pMethods->xFileSize(file, &size) != SQLITE_OK || size % VAULT_PAGE_SIZE != 0) goto done;
    unsigned char file_id[VAULT_FILE_ID_BYTES];
    result = 0;
    for (sqlite3_int64 offset = 0; offset < size; offset += VAULT_PAGE_SIZE) {
        uint32_t pgno = (uint32_t)(offset / VAULT_PAGE_SIZE) + 1;
        if (file->pMethods->xRead(file, page, VAULT_PAGE_SIZE, offset) != SQLITE_OK) {
            result = pgno;
            break;
        }
        if (pgno == 1) {
            if (memcmp(page, VAULT_FORMAT_TAG, VAULT_FORMAT_TAG_BYTES) != 0) {
                result = -1;
                break;
            }
            memcpy(file_id, page + VAULT_FORMAT_TAG_BYTES, VAULT_FILE_ID_BYTES);
        }
        if (vault_open_page(page, key, VAULT_KIND_DB, file_id, pgno, NULL) != 0) {
            result = pgno;
            break;
        }
        (*pages)++;
    }
done:
    if (file->pMethods != NULL) file->pMethods->xClose(file);
    sqlite3_free(file);
    sodium_free(page);
    return result;
}
