/*
 * vault_recorder.c — see vault_recorder.h. Pass-through file methods plus a copy of every
 * write. Writes are kept as separate records so a needle spanning two writes is not a false
 * hit; a canary is always written whole inside one page.
 */
#define _GNU_SOURCE /* memmem */
#include "vault_recorder.h"


#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

typedef struct Record {
    unsigned char *bytes;
    int length;
    struct Record *next;
} Record;

typedef struct OpenRecord {
    int flags;
    struct OpenRecord *next;
} OpenRecord;

/* Protects both lists; tests may write from several threads. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static Record *records = NULL;
static OpenRecord *opens = NULL;
static int64_t total = 0;

typedef struct RecFile {
    sqlite3_file base;
    sqlite3_file *real;
} RecFile;

#define REAL(f) (((RecFile *)(f))->real)
#define BASE(vfs) ((sqlite3_vfs *)(vfs)->pAppData)

static int rec_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int rec_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o) { return REAL(f)->pMethods->xRead(REAL(f), b, n, o); }
static int rec_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o) {
    Record *r = malloc(sizeof(Record));
    if (r != NULL && (r->bytes = malloc((size_t)n)) != NULL) {
        memcpy(r->bytes, b, (size_t)n);
        r->length = n;
        pthread_mutex_lock(&lock);
        r->next = records;
        records = r;
        total += n;
        pthread_mutex_unlock(&lock);
    } else {
        free(r);
    }
    return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}
static int rec_truncate(sqlite3_file *f, sqlite3_int64 s) { return REAL(f)->pMethods->xTruncate(REAL(f), s); }
static int rec_sync(sqlite3_file *f, int fl) { return REAL(f)->pMethods->xSync(REAL(f), fl); }
static int rec_size(sqlite3_file *f, sqlite3_int64 *s) { return REAL(f)->pMethods->xFileSize(REAL(f), s); }
static int rec_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int rec_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int rec_reserved(sqlite3_file *f, int *o) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), o); }
static int rec_fcntl(sqlite3_file *f, int op, void *a) { return REAL(f)->pMethods->xFileControl(REAL(f), op, a); }
static int rec_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int rec_device(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int rec_shm_map(sqlite3_file *f, int p, int s, int e, void volatile **o) { return REAL(f)->pMethods->xShmMap(REAL(f), p, s, e, o); }
static int rec_shm_lock(sqlite3_file *f, int o, int n, int fl) { return REAL(f)->pMethods->xShmLock(REAL(f), o, n, fl); }
static void rec_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int rec_shm_unmap(sqlite3_file *f, int d) { return REAL(f)->pMethods->xShmUnmap(REAL(f), d); }

static const sqlite3_io_methods rec_methods = {
    2, rec_close, rec_read, rec_write, rec_truncate, rec_sync, rec_size, rec_lock, rec_unlock,
    rec_reserved, rec_fcntl, rec_sector, rec_device, rec_shm_map, rec_shm_lock,
    rec_shm_barrier, rec_shm_unmap, NULL, NULL,
};

static int rec_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *out) {
    RecFile *file = (RecFile *)f;
    file->real = (sqlite3_file *)&file[1];
    f->pMethods = NULL;
    OpenRecord *o = malloc(sizeof(OpenRecord));
    if (o != NULL) {
        o->flags = flags;
        pthread_mutex_lock(&lock);
        o->next = opens;
        opens = o;
        pthread_mutex_unlock(&lock);
    }
    int rc = BASE(vfs)->xOpen(BASE(vfs), name, file->real, flags, out);
    if (rc == SQLITE_OK) f->pMethods = &rec_methods;
    return rc;
}

static int rec_delete(sqlite3_vfs *v, const char *n, int s) { return BASE(v)->xDelete(BASE(v), n, s); }
static int rec_access(sqlite3_vfs *v, const char *n, int fl, int *o) { return BASE(v)->xAccess(BASE(v), n, fl, o); }
static int rec_fullpath(sqlite3_vfs *v, const char *n, int c, char *o) { return BASE(v)->xFullPathname(BASE(v), n, c, o); }
static int rec_random(sqlite3_vfs *v, int n, char *o) { return BASE(v)->xRandomness(BASE(v), n, o); }
static int rec_sleep(sqlite3_vfs *v, int us) { return BASE(v)->xSleep(BASE(v), us); }
static int rec_time(sqlite3_vfs *v, double *o) { return BASE(v)->xCurrentTime(BASE(v), o); }
static int rec_error(sqlite3_vfs *v, int n, char *o) { return BASE(v)->xGetLastError(BASE(v), n, o); }
static int rec_time64(sqlite3_vfs *v, sqlite3_int64 *o) { return BASE(v)->xCurrentTimeInt64(BASE(v), o); }

int vault_recorder_register(const char *name) {
    if (sqlite3_vfs_find(name) != NULL) return SQLITE_OK;
    sqlite3_vfs *base = sqlite3_vfs_find(NULL);
    sqlite3_vfs *vfs = calloc(1, sizeof(sqlite3_vfs));
    if (vfs == NULL || base == NULL) return SQLITE_ERROR;
    vfs->iVersion = 2;
    vfs->szOsFile = (int)sizeof(RecFile) + base->szOsFile;
    vfs->mxPathname = base->mxPathname;
    vfs->zName = strdup(name);
    vfs->pAppData = base;
    vfs->xOpen = rec_open;
    vfs->xDelete = rec_delete;
    vfs->xAccess = rec_access;
    vfs->xFullPathname = rec_fullpath;
    vfs->xRandomness = rec_random;
    vfs->xSleep = rec_sleep;
    vfs->xCurrentTime = rec_time;
    vfs->xGetLastError = rec_error;
    vfs->xCurrentTimeInt64 = rec_time64;
    return sqlite3_vfs_register(vfs, 0);
}

void vault_recorder_reset(void) {
    pthread_mutex_lock(&lock);
    while (records != NULL) {
        Record *r = records;
        records = r->next;
        free(r->bytes);
        free(r);
    }
    while (opens != NULL) {
        OpenRecord *o = opens;
        opens = o->next;
        free(o);
    }
    total = 0;
    pthread_mutex_unlock(&lock);
}

int64_t vault_recorder_bytes(void) {
    pthread_mutex_lock(&lock);
    int64_t t = total;
    pthread_mutex_unlock(&lock);
    return t;
}

int vault_recorder_contains(const void *needle, int64_t length) {
    int found = 0;
    pthread_mutex_lock(&lock);
    for (Record *r = records; r != NULL && !found; r = r->next) {
        if (memmem(r->bytes, (size_t)r->length, needle, (size_t)length) != NULL) found = 1;
    }
    pthread_mutex_unlock(&lock);
    return found;
}

int64_t vault_recorder_opens(int mask) {
    int64_t n = 0;
    pthread_mutex_lock(&lock);
    for (OpenRecord *o = opens; o != NULL; o = o->next) {
        if (o->flags & mask) n++;
    }
    pthread_mutex_unlock(&lock);
    return n;
}
